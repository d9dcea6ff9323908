import { InvalidInputError } from '../errors/domain-error.js';

const USERNAME = /^[a-z0-9_.]{3,32}$/;
const NICKNAME_MAX = 64;
const URL_MAX = 512;

export function validUsername(username: string): string {
  if (!USERNAME.test(username)) {
    throw new InvalidInputError(
      'INVALID_USERNAME',
      'username must be 3–32 characters of lower-case letters, digits, "_" and "."',
    );
  }
  return username;
}

/** A display name (nickname or group name): trimmed, 1–64 characters. */
export function validName(value: string, field: 'nickname' | 'name'): string {
  const name = value.trim();
  const length = [...name].length;
  if (length === 0) throw new InvalidInputError(`EMPTY_${field.toUpperCase()}`, `${field} must not be empty`);
  if (length > NICKNAME_MAX) {
    throw new InvalidInputError(`${field.toUpperCase()}_TOO_LONG`, `${field} must be at most ${NICKNAME_MAX} characters`);
  }
  return name;
}

/** An avatar is either absent ('') or an http(s) URL. */
export function validAvatarUrl(value: string | undefined | null): string {
  const url = (value ?? '').trim();
  if (url === '') return '';
  if (url.length > URL_MAX || !/^https?:\/\/\S+$/i.test(url)) {
    throw new InvalidInputError('INVALID_AVATAR_URL', `avatarUrl must be an http(s) URL of at most ${URL_MAX} characters`);
  }
  return url;
}
