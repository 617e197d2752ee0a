// The big coloured result after a scan or an action, and the sound that goes with it.
import { signal } from '@preact/signals';
import type { ApiError } from '../../shared/api/error';
import type { ItemView } from '../../shared/api/types';
import type { Text } from '../../shared/i18n';
import type { Sound } from '../../shared/sound';

export interface Outcome {
  tone: 'success' | 'refusal' | 'info';
  title: Text;
  detail?: Text;
  code?: string;
  item?: ItemView;
}

/** A server refusal's message, in whatever language the screen shows. */
export const fromError =
  (e: ApiError): Text =>
  (lang) =>
    e.text(lang);

export class OutcomeState {
  readonly outcome = signal<Outcome | null>(null);
  constructor(private readonly sound: Sound) {}

  refuse(outcome: Omit<Outcome, 'tone'>): void {
    this.outcome.value = { tone: 'refusal', ...outcome };
    this.sound.refusal();
  }
  succeed(outcome: Omit<Outcome, 'tone'>): void {
    this.outcome.value = { tone: 'success', ...outcome };
    this.sound.success();
  }
  /** Shown without a sound. */
  show(outcome: Outcome | null): void {
    this.outcome.value = outcome;
  }
  clear(): void {
    this.outcome.value = null;
  }
}
