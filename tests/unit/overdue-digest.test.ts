// The digest's pure rules: when a day's digest is due, days late in local days, lines fitted to a byte
// budget whole, and what the outbox page may show of a notice (the title up to its record, masked addresses).
import { describe, expect, it } from 'vitest';
import {
  daysLate,
  digestDueDay,
  fitLines,
  holderDigestMessage,
  maskAddress,
  noticeAbout,
  noticePreview,
  supervisorDigestKey,
  supervisorDigestMessage,
  utf8Bytes,
} from '../../server/domain/notifications.js';

const TZ = 'Asia/Shanghai';
const o = { day: '2026-12-01', now: '2026-12-01T00:30:00.000Z', timeZone: TZ, link: 'https://a.example/d' };

describe('overdue digest rules', () => {
  it('is due from the local hour until the day is made, by the local day', () => {
    expect(digestDueDay('2026-12-01T00:29:59.000Z', TZ, '08:30', null)).toBeNull();
    expect(digestDueDay('2026-12-01T00:30:00.000Z', TZ, '08:30', null)).toBe('2026-12-01');
    expect(digestDueDay('2026-12-01T15:59:00.000Z', TZ, '08:30', '2026-11-30')).toBe('2026-12-01'); // 23:59
    expect(digestDueDay('2026-12-01T15:59:00.000Z', TZ, '08:30', '2026-12-01')).toBeNull();
    // 16:00 UTC is already the next day in Shanghai, before 08:30 there.
    expect(digestDueDay('2026-12-01T16:00:00.000Z', TZ, '08:30', '2026-12-01')).toBeNull();
    expect(digestDueDay('2026-12-02T00:30:00.000Z', TZ, '08:30', '2026-12-01')).toBe('2026-12-02');
  });

  it('counts days late in local calendar days, at least one', () => {
    expect(daysLate('2026-11-30T15:59:59.999Z', '2026-12-01T00:30:00.000Z', TZ)).toBe(1); // due last night
    expect(daysLate('2026-11-20T15:59:59.999Z', '2026-12-01T00:30:00.000Z', TZ)).toBe(11);
    expect(daysLate('2026-12-01T00:10:00.000Z', '2026-12-01T00:30:00.000Z', TZ)).toBe(1);
  });

  it('fits whole lines in the budget and says how many were left out', () => {
    const body = Array.from({ length: 100 }, (_, i) => `${i + 1}. 华苑档案第${i + 1}卷`);
    const out = fitLines(['标题'], body, ['结尾'], 300, (n) => `另有${n}行`);
    expect(utf8Bytes(out)).toBeLessThanOrEqual(300);
    const kept = out.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(out).toContain(`另有${100 - kept.length}行`);
    expect(out.endsWith('结尾')).toBe(true);
    expect(kept.every((l, i) => l === body[i])).toBe(true);
    expect(fitLines(['a'], ['b'], ['c'], 300, () => 'x')).toBe('a\nb\nc');
  });

  it('counts what the reader may not see, never names it', () => {
    const p = { name: '张客服', department: '客服部', shown: [], hidden: 2 };
    const m = supervisorDigestMessage('王主管', [p], o, 'email');
    expect(m.title).toBe('【逾期汇总】1人共2件档案逾期未还（2026-12-01）');
    expect(m.text).toContain('张客服（客服部）：2件');
    expect(m.text).toContain('另有2件超出您的查阅权限，不列名称');
    const g = holderDigestMessage(
      { ...p, shown: [{ archiveNo: null, barcode: 'F1', title: '卷', dueAt: '2026-11-30T15:59:59.999Z' }] },
      o,
      'wecom',
      'group',
    );
    expect(g.markdown).toContain('**F1** 卷，应还：2026-11-30');
    expect(g.markdown).toContain('另有2件超出本群可见范围');
  });

  it('shows a notice on the status page without its record or whole addresses', () => {
    expect(noticePreview('【档案报警】未登记取出：HY-3-2-1502')).toBe('【档案报警】未登记取出：…');
    expect(noticePreview('【逾期提醒】您有2件档案逾期未还（2026-12-01）')).toBe(
      '【逾期提醒】您有2件档案逾期未还（2026-12-01）',
    );
    expect(maskAddress('wang@example.org')).toBe('w***@example.org');
    expect(maskAddress('13800000001')).toBe('138****0001');
    expect(noticeAbout('alarm:17:room')).toEqual({ kind: 'alarm', ref: '17' });
    expect(noticeAbout('digest:2026-12-01:holder:3:mail')).toEqual({
      kind: 'overdue_digest',
      ref: '2026-12-01',
    });
    const key = supervisorDigestKey('2026-12-01', { email: 'Wang@Example.org' }, 'mail');
    expect(key).toBe(supervisorDigestKey('2026-12-01', { email: 'wang@example.org' }, 'mail'));
    expect(key).not.toContain('example');
  });
});
