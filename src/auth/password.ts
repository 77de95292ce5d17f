import { hash, verify } from '@node-rs/argon2';

// argon2id, memory-hard: 19 MiB, 2 passes (the OWASP baseline).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A Vietnamese reason the password is too weak, or null. */
export function passwordProblem(password: string, login: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
  if (password.length > 200) return 'Mật khẩu quá dài (tối đa 200 ký tự).';
  if (password.toLowerCase().includes(login.toLowerCase())) return 'Mật khẩu không được chứa tên đăng nhập.';
  if (/^(.)\1+$/.test(password)) return 'Mật khẩu không được chỉ lặp lại một ký tự.';
  return null;
}
