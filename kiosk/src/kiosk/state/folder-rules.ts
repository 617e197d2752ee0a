// What an operator may do with a folder, decided on the screen from what the server said about it (the
// server decides again when asked). Pure functions.
import type { ItemView, Me } from '../../shared/api/types';
import { t, local } from '../words';
import type { Outcome } from './outcome';

/** What a barcode or EPC may contain (the server's ItemRef rule). */
export const ITEM_REF = /^[A-Za-z0-9-]{1,64}$/;

/**
 * In place, or taken from its cabinet without check-out (未登记取出): checking such a folder out at the door
 * is how whoever took it puts the record right, so the screen offers it like a folder in place.
 */
const checkOutable = (item: ItemView) => item.state === 'in_place' || item.state === 'removed';

/** The operator's action on a folder: check it out, check it in, or nothing. */
export function actionFor(item: ItemView | null | undefined, me: Me | null): 'out' | 'in' | null {
  if (!item || !me) return null;
  if (checkOutable(item)) return 'out';
  if (item.state === 'out' && item.holder?.userId === me.userId) return 'in';
  return null;
}

/** Why a folder cannot be checked out or in by this operator; null when it can. */
export function availability(item: ItemView, me: Me | null): Outcome | null {
  if (checkOutable(item)) return null;
  if (item.state === 'out' && item.holder && me && item.holder.userId === me.userId) return null;
  if (item.state === 'out')
    return {
      tone: 'refusal',
      title: local('refused'),
      detail: local('heldByOther', { name: item.holder?.name ?? '—' }),
      code: 'NOT_HOLDER',
    };
  return {
    tone: 'refusal',
    title: local('refused'),
    detail: (lang) =>
      t(lang, 'notAvailable', { state: lang === 'zh-CN' ? item.stateLabel.zh : item.stateLabel.en }),
  };
}

/** The refusal for a code that cannot be a folder's. */
export const unreadable = (raw: string): Omit<Outcome, 'tone'> => ({
  title: local('refused'),
  detail: local('unreadable', { code: raw.trim().slice(0, 40) }),
});

/** The barcode a refusal names in its details, where it names one. */
export function itemOfDetails(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { item?: unknown; barcode?: unknown };
  if (typeof d.barcode === 'string') return d.barcode;
  if (typeof d.item === 'string') return d.item;
  if (d.item && typeof d.item === 'object' && typeof (d.item as { barcode?: unknown }).barcode === 'string')
    return (d.item as { barcode: string }).barcode;
  return null;
}
