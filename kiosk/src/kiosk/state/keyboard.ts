// Every keydown on the page. Fast bursts ending in Enter are scans (badge or folder) wherever focus is
// (shared/scanner/wedge.ts tells them from typing); on the PIN screen digits, Backspace, Enter and Escape
// drive the pad.
import type { WedgeDetector } from '../../shared/scanner/wedge';
import type { KioskContext } from './context';
import type { SignInState } from './sign-in';

export interface KeyTargets {
  ctx: KioskContext;
  wedge: WedgeDetector;
  signIn: SignInState;
  scan: (code: string, source: 'wedge') => void;
  toIdle: () => void;
}

export function handleKey(e: KeyboardEvent, k: KeyTargets): void {
  if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
  k.ctx.touch();
  const target = e.target as HTMLElement | null;
  const field = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
  const verdict = k.wedge.key(e.key, e.timeStamp);
  if (verdict.kind === 'scan') {
    e.preventDefault();
    if (field && field.value.endsWith(verdict.code)) {
      // The scanner "typed" into a text field: take its code back out.
      field.value = field.value.slice(0, -verdict.code.length);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    k.scan(verdict.code, 'wedge');
    return;
  }
  if (k.ctx.screen.value !== 'pin' || field) return;
  const onButton = target instanceof HTMLButtonElement;
  if (/^\d$/.test(e.key)) {
    e.preventDefault();
    k.signIn.digit(e.key);
  } else if (e.key === 'Backspace') {
    e.preventDefault();
    k.signIn.delete();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    k.toIdle();
  } else if (verdict.kind === 'enter' && !onButton) {
    e.preventDefault();
    void k.signIn.submit();
  }
}
