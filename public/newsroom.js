/* The newsroom's editor: configures Trix (Vietnamese labels, h2 headings, captions without
 * file names) and uploads the photos put into it to /quan-tri/anh.
 * Loaded before trix.js, so the configuration is in place before the first editor starts. */
/* global document, window, XMLHttpRequest, FormData */
(function () {
  'use strict';

  var LABELS = {
    attachFiles: 'Chèn ảnh',
    bold: 'Chữ đậm',
    bullets: 'Danh sách',
    byte: 'byte',
    bytes: 'byte',
    captionPlaceholder: 'Thêm chú thích ảnh…',
    code: 'Mã',
    heading1: 'Tiêu đề mục',
    indent: 'Thụt vào',
    italic: 'Chữ nghiêng',
    link: 'Liên kết',
    numbers: 'Danh sách đánh số',
    outdent: 'Lùi ra',
    quote: 'Trích dẫn',
    redo: 'Làm lại',
    remove: 'Xóa',
    strike: 'Gạch ngang',
    undo: 'Hoàn tác',
    unlink: 'Bỏ liên kết',
    url: 'Địa chỉ liên kết',
    urlPlaceholder: 'Nhập địa chỉ, ví dụ https://…',
  };
  var IMAGE_TYPES = /^image\/(jpeg|png|webp|gif|tiff|avif|heif|heic)$/;
  var pendingUploads = 0;
  var configured = false;

  function configureTrix() {
    var Trix = window.Trix;
    if (configured || !Trix) return;
    configured = true;
    Object.assign(Trix.config.lang, LABELS);
    // The site's headings inside an article are <h2> (the page's <h1> is the headline).
    Trix.config.blockAttributes.heading1.tagName = 'h2';
    // A new photo's caption starts empty instead of showing its file name and size.
    Trix.config.attachments.preview.caption = { name: false, size: false };
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function say(message, isError) {
    var status = document.getElementById('editor-status');
    if (!status) return;
    status.textContent = message;
    status.classList.toggle('error', Boolean(isError));
  }

  function uploadPhoto(attachment) {
    pendingUploads++;
    say('Đang tải ảnh lên…', false);
    var request = new XMLHttpRequest();
    request.open('POST', '/quan-tri/anh');
    request.setRequestHeader('x-csrf-token', csrfToken());
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', function (event) {
      if (event.lengthComputable) attachment.setUploadProgress((event.loaded / event.total) * 100);
    });
    request.addEventListener('load', function () {
      pendingUploads--;
      var answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        answer = {};
      }
      if (request.status === 200 && answer.url) {
        attachment.setAttributes({ url: answer.url, width: answer.width, height: answer.height });
        say(pendingUploads ? 'Đang tải ảnh lên…' : 'Đã tải ảnh lên. Bấm vào ảnh để thêm chú thích.', false);
      } else {
        attachment.remove();
        say(answer.error || 'Không tải được ảnh lên (lỗi ' + request.status + ').', true);
      }
    });
    request.addEventListener('error', function () {
      pendingUploads--;
      attachment.remove();
      say('Mất kết nối khi tải ảnh lên. Hãy kiểm tra mạng rồi thử lại.', true);
    });
    var form = new FormData();
    form.append('file', attachment.file);
    request.send(form);
  }

  document.addEventListener('trix-before-initialize', configureTrix);

  document.addEventListener('trix-file-accept', function (event) {
    if (!IMAGE_TYPES.test(event.file.type)) {
      event.preventDefault();
      say('Chỉ chèn được ảnh (JPEG, PNG, WebP, GIF). Tệp “' + event.file.name + '” không phải là ảnh.', true);
    }
  });

  document.addEventListener('trix-attachment-add', function (event) {
    if (event.attachment.file) uploadPhoto(event.attachment);
  });

  // A form sent while a photo is still uploading would lose the photo.
  document.addEventListener('submit', function (event) {
    if (pendingUploads > 0 && event.target.id === 'article-form') {
      event.preventDefault();
      say('Ảnh đang được tải lên; hãy đợi xong rồi bấm lại.', true);
    }
  });
})();
