import { pinyin } from 'pinyin-pro';

/**
 * How a name sorts and is found in an address book, as Chinese users expect: CJK characters by
 * their pinyin (张三 → "zhang san"), Latin letters case- and accent-insensitively (Émile →
 * "emile"). Computed on write (pinyin needs a dictionary SQL does not have) and stored, so the
 * list stays one index scan and the views can be recomputed from the write side.
 */
export interface NameKeys {
  /** Sort key; a name that does not start with a letter a–z sorts after z (the '#' section). */
  readonly key: string;
  /** First letters of each syllable / word: "zs" for 张三, "bs" for Bob Smith. */
  readonly initials: string;
}

/** Sorts after every lower-case letter (the key column uses the C collation). */
const AFTER_Z = '~';

export function nameKeys(name: string): NameKeys {
  const words = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .flatMap((part) => part.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/\s+/))
    .filter((word) => word !== '');
  const key = words.join(' ');
  return {
    key: /^[a-z]/.test(key) ? key : AFTER_Z + key,
    initials: words.map((word) => [...word][0]).join(''),
  };
}
