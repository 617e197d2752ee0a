// @vitest-environment happy-dom
// The alarm list's actions against a fake fetch and a fake socket: 确认 with a note and 处理 with a cause
// (what is sent, what the row shows after), the refusals (no note, no cause, the server's 409), the
// archivist's read-only list without buttons, and live alarm events from another board (acknowledged,
// escalated, resolved) changing the list without a reload; each alarm's record (记录) as GET /alarms/:id/log
// answers it, in both languages, read again when the alarm changes; the folder's link to its timeline page.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { logLines } from '../../kiosk/src/dashboard/alarms/log';
import { formatDate, formatTime } from '../../kiosk/src/shared/i18n';
import type { AlarmEvent } from '../../kiosk/src/shared/api/events';
import { ALARM, ALARM_LOG, person, refusal, setup } from './fakes';
import { submitSignIn } from './sign-in';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

const ACKED_AT = '2026-11-25T03:58:00.000Z';

async function board(role = 'supervisor', name = '李主管') {
  const h = setup(person(role, name));
  stop = h.stop;
  render(<DashboardApp c={h.c} />);
  submitSignIn(role);
  const list = await screen.findByRole('region', { name: '未处理报警' });
  await within(list).findByText('45分钟前');
  // The alarms are read again once the socket has subscribed (they change without a custody row): wait
  // for that, so the fake's unchanged answer does not land after an action below.
  await waitFor(() => expect(h.server.callsTo('GET', '/alarms')).toHaveLength(2));
  return { ...h, list };
}

/** The socket's alarm event: the server's record as it is (server/domain/alarms.ts). */
const event = (over: Partial<AlarmEvent>): AlarmEvent => ({
  id: ALARM.id,
  raisedAt: ALARM.raisedAt,
  kind: 'unauthorised_removal',
  itemId: 52,
  barcode: ALARM.barcode,
  archiveNo: ALARM.archiveNo,
  epc: null,
  deviceId: 'cabinet-1',
  place: ALARM.place,
  placeName: ALARM.placeName,
  detail: null,
  custodySeq: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgedByName: null,
  escalationLevel: 0,
  escalatedAt: null,
  resolvedAt: null,
  resolvedBy: null,
  resolvedByName: null,
  resolutionCause: null,
  resolution: null,
  ...over,
});

describe('acting on alarms on the board', () => {
  it('acknowledges with a note: the note is required, is sent, and the row then shows who and when', async () => {
    const { server, list } = await board();
    server.on('POST', `/alarms/${ALARM.id}/acknowledge`, {
      body: { ...ALARM, acknowledgedAt: ACKED_AT, acknowledgedByName: '李主管' },
    });
    fireEvent.click(within(list).getByRole('button', { name: '确认' }));
    const dialog = screen.getByRole('dialog', { name: '确认报警' });
    expect(dialog.textContent).toContain('HY-01-2-0603 · 1号档案柜 第2层');
    fireEvent.click(within(dialog).getByRole('button', { name: '确认报警' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('请填写说明');
    expect(server.callsTo('POST', `/alarms/${ALARM.id}/acknowledge`)).toHaveLength(0);

    fireEvent.input(within(dialog).getByLabelText('说明'), { target: { value: '  已通知档案室核查  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认报警' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [call] = server.callsTo('POST', `/alarms/${ALARM.id}/acknowledge`);
    expect(call!.body).toEqual({ note: '已通知档案室核查' });
    expect(call!.authorization).toBe('Bearer tok-1');
    expect(list.textContent).toContain(`李主管于${formatTime(ACKED_AT)}确认`);
    expect(within(list).queryByRole('button', { name: '确认' })).toBeNull(); // once is enough
    within(list).getByRole('button', { name: '处理' });
  });

  it('resolves with one of the four causes and an optional note; the alarm leaves the open list', async () => {
    const { server, list } = await board('gm', '黄总');
    server.on('POST', `/alarms/${ALARM.id}/resolve`, {
      body: { ...ALARM, resolvedAt: '2026-11-25T04:00:00.000Z', resolutionCause: 'false_read' },
    });
    fireEvent.click(within(list).getByRole('button', { name: '处理' }));
    const dialog = screen.getByRole('dialog', { name: '处理报警' });
    const causes = within(dialog).getAllByRole('radio');
    expect(causes.map((r) => r.parentElement!.textContent)).toEqual(['已归还', '已说明', '确认遗失', '误读']);
    fireEvent.click(within(dialog).getByRole('button', { name: '完成处理' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('请选择处理结果');

    fireEvent.click(within(dialog).getByLabelText('误读'));
    fireEvent.click(within(dialog).getByRole('button', { name: '完成处理' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.callsTo('POST', `/alarms/${ALARM.id}/resolve`)[0]!.body).toEqual({ cause: 'false_read' });
    expect(list.textContent).toContain('没有未处理的报警');
  });

  it('shows the server’s refusal in the dialog (another board was quicker) and closes with 取消', async () => {
    const { server, list } = await board();
    server.on('POST', `/alarms/${ALARM.id}/resolve`, {
      status: 409,
      body: refusal('ALARM_ALREADY_RESOLVED', '该报警已处理完毕', 'This alarm has already been resolved'),
    });
    fireEvent.click(within(list).getByRole('button', { name: '处理' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('已归还'));
    fireEvent.input(within(dialog).getByLabelText('说明（选填）'), { target: { value: '已放回' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '完成处理' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('该报警已处理完毕');
    expect(server.callsTo('POST', `/alarms/${ALARM.id}/resolve`)[0]!.body).toEqual({
      cause: 'returned',
      note: '已放回',
    });
    fireEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('gives the archivist a read-only list: the alarms and their records, no 确认 or 处理', async () => {
    const { list, server } = await board('archivist', '林晓燕');
    expect(list.textContent).toContain('未登记取出');
    expect(
      within(list)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['记录']);
    fireEvent.click(within(list).getByRole('button', { name: /报警记录$/ }));
    const dialog = screen.getByRole('dialog', { name: '报警记录' });
    await within(dialog).findByText('确认');
    expect(server.callsTo('GET', `/alarms/${ALARM.id}/log`)[0]!.authorization).toBe('Bearer tok-1');
  });

  it('follows another board live: acknowledged (its open dialog closes), escalated, resolved', async () => {
    const { sockets, list } = await board();
    fireEvent.click(within(list).getByRole('button', { name: '确认' }));
    screen.getByRole('dialog', { name: '确认报警' });
    sockets[0]!.emit(
      'alarm',
      event({ acknowledgedAt: ACKED_AT, acknowledgedBy: 9, acknowledgedByName: '王主管' }),
    );
    await waitFor(() => expect(list.textContent).toContain(`王主管于${formatTime(ACKED_AT)}确认`));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(list).queryByRole('button', { name: '确认' })).toBeNull();

    sockets[0]!.emit('alarm', event({ escalationLevel: 2, escalatedAt: ACKED_AT }));
    await waitFor(() => expect(list.textContent).toContain('已升级：总经理'));

    sockets[0]!.emit('alarm', event({ resolvedAt: '2026-11-25T04:00:00.000Z', resolutionCause: 'returned' }));
    await waitFor(() => expect(list.textContent).toContain('没有未处理的报警'));
  });
});

const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso, true)}`;
/** The record's rows as a person reads them: when, who, what (with its note). */
const logRows = (dialog: HTMLElement) =>
  within(dialog)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((td) => td.textContent),
    );

describe('an alarm’s record and its folder', () => {
  it('opens the record from the row: raised, escalated by the system, 确认 with its note, 处理 with its cause', async () => {
    const { server, list } = await board();
    fireEvent.click(within(list).getByRole('button', { name: 'HY-01-2-0603 · 1号档案柜 第2层的报警记录' }));
    const dialog = screen.getByRole('dialog', { name: '报警记录' });
    expect(dialog.textContent).toContain('正在读取记录…');
    await within(dialog).findByRole('table');
    expect(
      within(dialog)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['时间', '人员', '经过']);
    expect(logRows(dialog)).toEqual([
      [when(ALARM.raisedAt), '系统', '报警发出1号档案柜 第2层'],
      [when('2026-11-25T03:30:00.000Z'), '系统', '升级至管理处负责人'],
      [when('2026-11-25T03:40:00.000Z'), '王主管', '确认已通知档案室核查'],
      [when('2026-11-25T03:55:00.000Z'), '黄总', '处理：已归还在门口追回，已放回原位'],
    ]);
    expect(dialog.textContent).not.toContain('尚未处理'); // the record says it is resolved
    expect(server.callsTo('GET', `/alarms/${ALARM.id}/log`)).toHaveLength(1);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement?.textContent).toBe('记录'); // the focus is back where it was
  });

  it('words the record in English too', () => {
    expect(logLines('en', ALARM_LOG).map((l) => [l.who, l.what, l.note])).toEqual([
      ['System', 'Raised', '1号档案柜 第2层'],
      ['System', 'Escalated to Site manager', null],
      ['王主管', 'Acknowledged', '已通知档案室核查'],
      ['黄总', 'Resolved: Returned', '在门口追回，已放回原位'],
    ]);
  });

  it('reads the record again when the alarm changes on another board, and keeps it open once resolved', async () => {
    const { server, sockets, list } = await board();
    let answer = { alarm: ALARM, actions: [] as typeof ALARM_LOG.actions };
    server.on('GET', `/alarms/${ALARM.id}/log`, () => ({ body: answer }));
    fireEvent.click(within(list).getByRole('button', { name: /报警记录$/ }));
    const dialog = screen.getByRole('dialog', { name: '报警记录' });
    await within(dialog).findByText('尚未处理');
    expect(logRows(dialog)).toHaveLength(1);

    answer = { alarm: { ...ALARM, acknowledgedAt: ACKED_AT }, actions: [ALARM_LOG.actions[1]!] };
    sockets[0]!.emit(
      'alarm',
      event({ acknowledgedAt: ACKED_AT, acknowledgedBy: 9, acknowledgedByName: '王主管' }),
    );
    await waitFor(() => expect(logRows(dialog)).toHaveLength(2));
    expect(logRows(dialog)[1]!.slice(1)).toEqual(['王主管', '确认已通知档案室核查']);

    answer = ALARM_LOG;
    sockets[0]!.emit('alarm', event({ resolvedAt: '2026-11-25T03:55:00.000Z', resolutionCause: 'returned' }));
    await waitFor(() => expect(list.textContent).toContain('没有未处理的报警'));
    await waitFor(() => expect(logRows(dialog)).toHaveLength(4));
    expect(screen.getByRole('dialog', { name: '报警记录' }).textContent).toContain('处理：已归还');
    fireEvent.click(within(dialog).getByRole('button', { name: '关闭' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the server’s refusal in the record’s dialog', async () => {
    const { server, list } = await board();
    server.on('GET', `/alarms/${ALARM.id}/log`, {
      status: 404,
      body: refusal('NOT_FOUND', '报警不存在', 'No such alarm'),
    });
    fireEvent.click(within(list).getByRole('button', { name: /报警记录$/ }));
    const dialog = screen.getByRole('dialog', { name: '报警记录' });
    expect((await within(dialog).findByRole('alert')).textContent).toBe('报警不存在');
    expect(within(dialog).queryByRole('table')).toBeNull();
  });

  it('links the alarm’s folder to its timeline page', async () => {
    const { c, address, list } = await board();
    const link = within(list).getByRole('link', { name: '查看HY-01-2-0603的档案轨迹' });
    expect(link.textContent).toBe('HY-01-2-0603');
    expect(link.getAttribute('href')).toBe('#/timeline?q=F000000052');
    fireEvent.click(link);
    expect(c.nav.place.value).toEqual({ page: 'timeline', params: { q: 'F000000052' } });
    expect(address.hash).toBe('#/timeline?q=F000000052');
  });
});
