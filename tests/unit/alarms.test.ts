// The alarm rules: the cause vocabulary, who may act on an alarm in which state, whose area it is in, and
// when an alarm nobody acknowledged is due for the next level of the escalation ladder.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/access.js';
import {
  ALARM_CAUSES,
  ALARM_CAUSE_LABELS,
  ESCALATION_LADDER,
  ESCALATION_LEVEL_LABELS,
  acknowledgeRefusal,
  alarmInArea,
  escalationDueAt,
  escalationRole,
  isAlarmCause,
  nextEscalation,
  resolveRefusal,
} from '../../server/domain/alarms.js';

const RAISED = '2026-12-01T08:00:00.000Z';
const open = {
  raisedAt: RAISED,
  escalatedAt: null,
  escalationLevel: 0,
  acknowledgedAt: null,
  resolvedAt: null,
};
const at = (minutes: number) => Date.parse(RAISED) + minutes * 60_000;

describe('alarm causes', () => {
  it('are the four the archive uses, each named in Chinese and English', () => {
    expect(ALARM_CAUSES).toEqual(['returned', 'explained', 'lost', 'false_read']);
    expect(ALARM_CAUSE_LABELS.returned.zh).toBe('已归还');
    expect(ALARM_CAUSE_LABELS.explained.zh).toBe('已说明');
    expect(ALARM_CAUSE_LABELS.lost.zh).toBe('确认遗失');
    expect(ALARM_CAUSE_LABELS.false_read.zh).toBe('误读');
    for (const c of ALARM_CAUSES) expect(ALARM_CAUSE_LABELS[c].en.length).toBeGreaterThan(3);
  });

  it('are recognised exactly: no other word, no case folding, no non-string', () => {
    expect(isAlarmCause('lost')).toBe(true);
    expect(isAlarmCause('Lost')).toBe(false);
    expect(isAlarmCause('已归还')).toBe(false);
    expect(isAlarmCause('')).toBe(false);
    expect(isAlarmCause(undefined)).toBe(false);
    expect(isAlarmCause(['lost'])).toBe(false);
  });
});

describe('acknowledging and resolving by state', () => {
  it('acknowledges an open alarm once; never a resolved one', () => {
    expect(acknowledgeRefusal({ acknowledgedAt: null, resolvedAt: null })).toBeNull();
    expect(acknowledgeRefusal({ acknowledgedAt: RAISED, resolvedAt: null })).toBe(
      'ALARM_ALREADY_ACKNOWLEDGED',
    );
    expect(acknowledgeRefusal({ acknowledgedAt: RAISED, resolvedAt: RAISED })).toBe('ALARM_ALREADY_RESOLVED');
    expect(acknowledgeRefusal({ acknowledgedAt: null, resolvedAt: RAISED })).toBe('ALARM_ALREADY_RESOLVED');
  });

  it('resolves an open alarm whether acknowledged or not, once', () => {
    expect(resolveRefusal({ resolvedAt: null })).toBeNull();
    expect(resolveRefusal({ resolvedAt: RAISED })).toBe('ALARM_ALREADY_RESOLVED');
  });
});

describe('the escalation ladder', () => {
  it('goes supervisor → site manager → general manager, and nowhere past the top', () => {
    expect(ESCALATION_LADDER).toEqual(['supervisor', 'site_manager', 'gm']);
    expect(ESCALATION_LEVEL_LABELS).toHaveLength(ESCALATION_LADDER.length);
    expect(escalationRole(0)).toBe('supervisor');
    expect(escalationRole(2)).toBe('gm');
    expect(escalationRole(3)).toBeNull();
    expect(escalationRole(-1)).toBeNull();
    expect(escalationRole(1.5)).toBeNull();
  });

  it('is due for the next level once the minutes have passed since it was raised, not a millisecond before', () => {
    expect(escalationDueAt(open, 30)).toBe(at(30));
    expect(nextEscalation(open, at(30) - 1, 30)).toBeNull();
    expect(nextEscalation(open, at(30), 30)).toEqual({ level: 1, role: 'site_manager' });
  });

  it('counts each further level from the last one reached: one level at a time, even after a long wait', () => {
    // Down for five hours: the first run takes it one level, not to the top.
    expect(nextEscalation(open, at(300), 30)).toEqual({ level: 1, role: 'site_manager' });
    const level1 = { ...open, escalationLevel: 1, escalatedAt: new Date(at(300)).toISOString() };
    expect(nextEscalation(level1, at(300), 30)).toBeNull();
    expect(nextEscalation(level1, at(329), 30)).toBeNull();
    expect(nextEscalation(level1, at(330), 30)).toEqual({ level: 2, role: 'gm' });
  });

  it('stops at the top, and never escalates an acknowledged or resolved alarm', () => {
    const top = { ...open, escalationLevel: 2, escalatedAt: RAISED };
    expect(escalationDueAt(top, 30)).toBeNull();
    expect(nextEscalation(top, at(10_000), 30)).toBeNull();
    expect(nextEscalation({ ...open, acknowledgedAt: RAISED }, at(10_000), 30)).toBeNull();
    expect(nextEscalation({ ...open, resolvedAt: RAISED }, at(10_000), 30)).toBeNull();
  });

  it('follows a configured ladder and time', () => {
    const ladder = ['supervisor', 'gm'] as const;
    expect(nextEscalation(open, at(5), 5, ladder)).toEqual({ level: 1, role: 'gm' });
    expect(nextEscalation({ ...open, escalationLevel: 1 }, at(5000), 5, ladder)).toBeNull();
  });
});

describe('whose area an alarm is in', () => {
  const person = (
    role: Actor['role'],
    estateIds: Actor['estateIds'],
    departmentId: number | null = null,
  ) => ({
    userId: 1,
    role,
    departmentId,
    estateIds,
  });
  it('a folder’s alarm is its estate’s: a supervisor of another estate is outside it', () => {
    expect(alarmInArea(person('supervisor', [1]), { estateId: 1 })).toBe(true);
    expect(alarmInArea(person('supervisor', [2]), { estateId: 1 })).toBe(false);
    expect(alarmInArea(person('site_manager', 'all'), { estateId: 1 })).toBe(true);
    expect(alarmInArea(person('site_manager', [2]), { estateId: 1 })).toBe(false);
  });

  it('an estate-less folder is its department’s; company-wide roles see every area', () => {
    expect(alarmInArea(person('supervisor', [1], 7), { departmentId: 7 })).toBe(true);
    expect(alarmInArea(person('supervisor', [1], 8), { departmentId: 7 })).toBe(false);
    for (const role of ['archivist', 'gm', 'legal'] as const) {
      expect(alarmInArea(person(role, []), { estateId: 1 }), role).toBe(true);
    }
  });

  it('an alarm about no folder (an unknown tag) is everyone’s', () => {
    expect(alarmInArea(person('supervisor', []), null)).toBe(true);
  });
});
