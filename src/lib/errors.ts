/** An error whose message is written for the user (in Vietnamese) and may be shown as is. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export class Forbidden extends UserFacingError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này.') {
    super(message, 403);
  }
}

export class NotFound extends UserFacingError {
  constructor(message = 'Không tìm thấy.') {
    super(message, 404);
  }
}

export class Conflict extends UserFacingError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** A write that waited its turn at the database for too long: nothing of it was written. */
export class DatabaseBusy extends UserFacingError {
  constructor() {
    super(
      'Hệ thống đang bận ghi dữ liệu khác (chẳng hạn một lần nhập lớn) nên chưa lưu được thay đổi này. Chưa có gì bị ghi; hãy thử lại sau ít giây.',
      503,
    );
  }
}
