import { UserFacingError } from '../lib/errors.js';

/** A file that cannot be read as a member list; the message (Vietnamese) names the file. */
export class SpreadsheetError extends UserFacingError {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`Không đọc được tệp "${fileName}": ${reason}`, 400);
    this.name = 'SpreadsheetError';
  }
}
