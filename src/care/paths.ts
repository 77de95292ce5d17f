/** Where the care pages live, for links between them. */
export const CASES_PATH = '/quan-tri/cham-lo';
export const PROGRAMMES_PATH = `${CASES_PATH}/chuong-trinh`;
export const CARE_IMPORT_PATH = `${CASES_PATH}/nhap-danh-sach`;
export const FUNDS_PATH = '/quan-tri/quy';
export const REPORT_PATH = '/quan-tri/bao-cao-cham-lo';
