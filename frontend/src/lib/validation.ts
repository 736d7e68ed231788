/** The passphrase fields' problems, by field; empty when they are fine. */
export interface PassphraseProblems {
  passphrase?: string;
  repeat?: string;
}

/**
 * Checks a new passphrase and its repetition. With "Use no passphrase" ticked there is
 * nothing to check.
 */
export function checkPassphrase(passphrase: string, repeat: string, none: boolean): PassphraseProblems {
  if (none) return {};
  if (passphrase.length === 0) return { passphrase: 'Choose a passphrase, or tick “Use no passphrase”.' };
  if (passphrase.trim().length === 0) return { passphrase: 'A passphrase cannot be only spaces.' };
  if (repeat !== passphrase) return { repeat: 'The two passphrases are not the same.' };
  return {};
}

/** Words in a recovery phrase as typed (any spacing, any case). */
export function phraseWords(phrase: string): string[] {
  return phrase.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** How many words a recovery phrase has. */
export const RECOVERY_WORDS = 24;
