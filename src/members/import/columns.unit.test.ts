import { describe, expect, it } from 'vitest';
import { headerKey } from '../../spreadsheet/columns.js';
import { guessColumnMapping, mappingProblems, MEMBER_FIELDS, type ColumnMapping } from './columns.js';

const none: ColumnMapping = {
  fullName: null,
  gender: null,
  birthDate: null,
  citizenId: null,
  phone: null,
  job: null,
  cardNumber: null,
  unit: null,
  joinedOn: null,
};

describe('guessColumnMapping', () => {
  it('matches the usual headers of a union list', () => {
    const headers = [
      'STT',
      'Họ và tên',
      'Giới tính',
      'Ngày sinh',
      'Số CCCD',
      'Điện thoại',
      'Nghề nghiệp',
      'Số thẻ đoàn viên',
      'Đơn vị',
      'Ngày kết nạp',
    ];
    expect(guessColumnMapping(headers)).toEqual({
      fullName: 1,
      gender: 2,
      birthDate: 3,
      citizenId: 4,
      phone: 5,
      job: 6,
      cardNumber: 7,
      unit: 8,
      joinedOn: 9,
    });
  });

  it('matches other wordings, in any case and with or without diacritics', () => {
    const headers = [
      'TÊN ĐOÀN VIÊN',
      'Nam/Nữ',
      'Ngày, tháng, năm sinh',
      'CMND/CCCD',
      'SĐT',
      'Chức vụ',
      'Số thẻ',
      'CĐCS',
      'Ngày vào công đoàn',
    ];
    expect(guessColumnMapping(headers)).toEqual({
      fullName: 0,
      gender: 1,
      birthDate: 2,
      citizenId: 3,
      phone: 4,
      job: 5,
      cardNumber: 6,
      unit: 7,
      joinedOn: null,
      unionJoinedOn: 8,
    });
    const plain = ['Ho ten', 'Nam sinh', 'So dinh danh', 'Cong viec', 'Cong doan co so'];
    expect(guessColumnMapping(plain)).toEqual({ ...none, fullName: 0, birthDate: 1, citizenId: 2, job: 3, unit: 4 });
  });

  it('does not take an issue date, a birthplace or a party admission for the fields they resemble', () => {
    const headers = ['Họ và tên', 'Nơi sinh', 'Ngày cấp CCCD', 'Số CCCD', 'Ngày vào Đảng', 'Ngày kết nạp', 'Đơn vị công tác'];
    expect(guessColumnMapping(headers)).toEqual({ ...none, fullName: 0, citizenId: 3, partyJoinedOn: 4, joinedOn: 5, unit: 6 });
  });

  it('maps "Nam" | "Nữ" mark columns as a gender pair, and tells "Nam" from "Năm"', () => {
    const headers = ['Họ và tên', 'Nam', 'Nữ', 'Năm sinh', 'Công đoàn cơ sở'];
    expect(guessColumnMapping(headers)).toEqual({ ...none, fullName: 0, gender: { male: 1, female: 2 }, birthDate: 3, unit: 4 });
    expect(guessColumnMapping(['Họ và tên', 'Giới tính - Nam', 'Giới tính - Nữ']).gender).toEqual({ male: 1, female: 2 });
    expect(guessColumnMapping(['Họ và tên', 'Nữ (x)', 'Đơn vị']).gender).toEqual({ male: null, female: 1 });
  });

  it('maps birth dates written under "Nam" or "Nữ" to the same pair', () => {
    const mapping = guessColumnMapping(['Họ và tên', 'Ngày sinh - Nam', 'Ngày sinh - Nữ', 'Đơn vị']);
    expect(mapping.gender).toEqual({ male: 1, female: 2 });
    expect(mapping.birthDate).toEqual({ male: 1, female: 2 });
    expect(mappingProblems(mapping, ['Họ và tên', 'Ngày sinh - Nam', 'Ngày sinh - Nữ', 'Đơn vị'])).toEqual([]);
  });

  it('joins a name split over "Họ và tên đệm" | "Tên"', () => {
    expect(guessColumnMapping(['STT', 'Họ và tên đệm', 'Tên', 'Đơn vị']).fullName).toEqual([1, 2]);
    expect(guessColumnMapping(['Họ', 'Tên đệm', 'Tên']).fullName).toEqual([0, 1, 2]);
  });

  it('leaves unknown headers unmapped', () => {
    expect(guessColumnMapping(['Ghi chú', 'Nơi sinh', ''])).toEqual(none);
  });

  it('maps the registry fields by their usual headers, before the broader fields they resemble', () => {
    const headers = [
      'Họ và tên',
      'Dân tộc',
      'Tôn giáo',
      'Quê quán',
      'Nơi ở hiện nay',
      'Email',
      'Trình độ học vấn',
      'Trình độ chuyên môn',
      'Lý luận chính trị',
      'Đảng viên',
      'Ngày vào Đảng',
      'Chức vụ công đoàn',
      'Chuyên trách',
      'Ngày vào công đoàn',
      'Loại lao động',
      'Chức vụ',
      'Ngày kết nạp',
      'CĐCS',
    ];
    expect(guessColumnMapping(headers)).toEqual({
      ...none,
      fullName: 0,
      ethnicity: 1,
      religion: 2,
      hometown: 3,
      address: 4,
      email: 5,
      education: 6,
      qualification: 7,
      politicalTheory: 8,
      partyMember: 9,
      partyJoinedOn: 10,
      unionPosition: 11,
      fullTimeOfficer: 12,
      unionJoinedOn: 13,
      workforceType: 14,
      job: 15,
      joinedOn: 16,
      unit: 17,
    });
  });
});

describe('mappingProblems', () => {
  const headers = ['Họ và tên', 'Ngày sinh', 'Đơn vị'];
  it('asks for the name, and the unit unless a default unit is chosen', () => {
    expect(mappingProblems(none, headers)).toEqual([
      'Chưa chọn cột "Họ và tên".',
      'Chưa chọn cột "Đơn vị (CĐCS)" và chưa chọn đơn vị chung cho cả tệp.',
    ]);
    expect(mappingProblems({ ...none, fullName: 0 }, headers, { hasDefaultUnit: true })).toEqual([]);
  });
  it('refuses a column used twice or outside the file', () => {
    expect(mappingProblems({ ...none, fullName: 0, unit: 2, joinedOn: 1, birthDate: 1 }, headers)).toEqual([
      'Cột "Ngày sinh" được chọn cho cả "Ngày sinh" và "Ngày kết nạp".',
    ]);
    expect(mappingProblems({ ...none, fullName: 0, unit: 7 }, headers)).toEqual(['Cột đã chọn cho "Đơn vị (CĐCS)" không có trong tệp.']);
  });
});

describe('fields', () => {
  it('lists every field with a Vietnamese label', () => {
    expect(MEMBER_FIELDS.map((f) => f.field)).toEqual([
      'fullName',
      'gender',
      'birthDate',
      'citizenId',
      'phone',
      'job',
      'cardNumber',
      'unit',
      'joinedOn',
      'ethnicity',
      'religion',
      'hometown',
      'address',
      'email',
      'education',
      'qualification',
      'politicalTheory',
      'partyMember',
      'partyJoinedOn',
      'unionPosition',
      'fullTimeOfficer',
      'unionJoinedOn',
      'workforceType',
    ]);
    expect(MEMBER_FIELDS.every((f) => f.label.length > 0)).toBe(true);
  });
  it('folds headers to plain words', () => {
    expect(headerKey(' Ngày, tháng, năm sinh ')).toBe('ngay thang nam sinh');
    expect(headerKey('Số CMND/CCCD')).toBe('so cmnd cccd');
  });
});
