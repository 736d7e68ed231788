/** The theme a person chose; `system` follows the device. */
export type ThemePreference = 'system' | 'light' | 'dark';

export const THEME_KEY = 'supernet.theme';
const CHOICES: readonly ThemePreference[] = ['system', 'light', 'dark'];

function stored(): ThemePreference {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return CHOICES.includes(value as ThemePreference) ? (value as ThemePreference) : 'system';
  } catch {
    return 'system';
  }
}

/**
 * The theme: CSS follows `prefers-color-scheme` unless `<html data-theme>` says light or
 * dark. The choice is kept in localStorage.
 */
class Theme {
  preference = $state<ThemePreference>(stored());

  /** Applies the stored choice to the page (once at startup). */
  init(): void {
    this.apply();
  }

  set(preference: ThemePreference): void {
    this.preference = preference;
    try {
      if (preference === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, preference);
    } catch {
      // Storage refused (private mode): the choice lasts this session.
    }
    this.apply();
  }

  private apply(): void {
    const root = globalThis.document?.documentElement;
    if (!root) return;
    if (this.preference === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.preference;
  }
}

export const theme = new Theme();
