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
