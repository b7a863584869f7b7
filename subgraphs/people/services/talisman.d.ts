// The two talisman modules the matcher uses ship without type declarations.
declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity, 0 (nothing alike) to 1 (identical). */
  export default function jaroWinkler(a: string, b: string): number;
}
declare module 'talisman/phonetics/double-metaphone' {
  /** Lawrence Philips' Double Metaphone: the primary and the alternative code. */
  export default function doubleMetaphone(word: string): [string, string];
}
