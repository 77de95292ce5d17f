/* The newsroom's editor: configures Trix (Vietnamese labels, h2 headings, captions without
 * file names) and uploads the photos put into it to /quan-tri/anh; warns before leaving with
 * unsaved changes; saves the draft by itself every minute when it changed (data-autosave).
 * Loaded before trix.js, so the configuration is in place before the first editor starts. */
/* global document, window, XMLHttpRequest, FormData, URLSearchParams */
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

  // --- Unsaved changes: a warning before leaving, and the automatic save ---------------------------

  var form = null;
  /** The form's fields as last saved (or loaded): the page is "dirty" when they differ. */
  var savedSnapshot = null;
  var leaving = false;
  var autosaving = false;
  var autosaveStopped = false;

  function fieldsOf(f) {
    var params = new URLSearchParams();
    new FormData(f).forEach(function (value, key) {
      if (key !== '_csrf' && key !== 'version' && typeof value === 'string') params.append(key, value);
    });
    return params.toString();
  }

  function isDirty() {
    return form !== null && savedSnapshot !== null && fieldsOf(form) !== savedSnapshot;
  }

  function sayAutosave(message, isError) {
    var status = document.getElementById('autosave-status');
    if (!status) return;
    status.textContent = message;
    status.classList.toggle('error', Boolean(isError));
  }

  function autosave() {
    if (!form || autosaving || autosaveStopped || pendingUploads > 0 || !isDirty()) return;
    if (form.querySelector('input[name="headline"]').value.trim() === '') return;
    var url = form.getAttribute('data-autosave');
    if (!url) return;
    autosaving = true;
    var sent = fieldsOf(form);
    var body = new URLSearchParams(new FormData(form));
    var request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('content-type', 'application/x-www-form-urlencoded');
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('x-csrf-token', csrfToken());
    request.addEventListener('load', function () {
      autosaving = false;
      var answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        answer = {};
      }
      if (request.status === 200 && answer.version) {
        form.querySelector('input[name="version"]').value = String(answer.version);
        if (answer.editUrl) becomeStored(answer.id, answer.editUrl);
        savedSnapshot = sent;
        sayAutosave('Đã tự lưu lúc ' + answer.time + '.', false);
      } else if (request.status === 400 && answer.field) {
        // Not savable yet (no headline, no section…): tried again in a minute.
        sayAutosave('Chưa tự lưu được: ' + answer.error, true);
      } else {
        // A conflict (someone saved a newer version) or a refusal: stop, never overwrite.
        autosaveStopped = true;
        sayAutosave(
          (answer.error || 'Không tự lưu được (lỗi ' + request.status + ').') +
            ' Tự lưu đã dừng; hãy sao chép phần vừa sửa rồi mở lại bài.',
          true,
        );
      }
    });
    request.addEventListener('error', function () {
      autosaving = false;
      sayAutosave('Mất kết nối nên chưa tự lưu được; sẽ thử lại sau một phút.', true);
    });
    request.send(body.toString());
  }

  /** A new article's first autosave created its draft: the page goes on as that draft's editing page. */
  function becomeStored(id, editUrl) {
    form.setAttribute('action', editUrl);
    form.setAttribute('data-autosave', editUrl + '/tu-luu');
    var idField = document.createElement('input');
    idField.type = 'hidden';
    idField.name = 'id';
    idField.value = String(id);
    form.appendChild(idField);
    if (window.history && window.history.replaceState) window.history.replaceState(null, '', editUrl);
  }

  function startWatching() {
    form = document.getElementById('article-form');
    if (!form || !form.hasAttribute('data-warn-unsaved')) return;
    savedSnapshot = fieldsOf(form);
    var every = Number(form.getAttribute('data-autosave-ms')) || 60000;
    if (form.hasAttribute('data-autosave')) window.setInterval(autosave, every);
  }

  // Trix writes the body into its hidden input when it starts: the snapshot is taken after that.
  document.addEventListener('trix-initialize', function () {
    window.setTimeout(startWatching, 0);
  });

  // Sending the form is not leaving it (a preview, sent to a new tab, leaves nothing).
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var newTab = submitter && submitter.getAttribute('formtarget') === '_blank';
    if (!event.defaultPrevented && event.target.id === 'article-form' && !newTab) leaving = true;
  });

  window.addEventListener('beforeunload', function (event) {
    if (leaving || !isDirty()) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // Links inside the admin pages ask first (the browser's own question covers the rest).
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[href]') : null;
    if (!link || link.target === '_blank' || event.defaultPrevented || !isDirty()) return;
    if (window.confirm('Bài có thay đổi chưa lưu. Rời trang này thì các thay đổi sẽ mất. Vẫn rời trang?')) {
      leaving = true;
    } else {
      event.preventDefault();
    }
  });
})();
