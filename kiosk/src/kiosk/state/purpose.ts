// The purpose of a check-out: one of the common ones, or "other" with the operator's own words.
import { signal } from '@preact/signals';

export class PurposeState {
  /** The chosen purpose; '' is "other" (see `other`), null is none chosen yet. */
  readonly chosen = signal<string | null>(null);
  readonly other = signal('');

  choose(purpose: string | null): void {
    this.chosen.value = purpose;
  }

  /** The purpose as it will be recorded, or null while none is chosen. */
  text(): string | null {
    if (this.chosen.value === null) return null;
    if (this.chosen.value === '') return this.other.value.trim() || null;
    return this.chosen.value;
  }

  reset(): void {
    this.chosen.value = null;
    this.other.value = '';
  }
}
