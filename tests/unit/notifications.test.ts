// The pure notification rules: alarm messages, who is told, robots' signatures and byte limits, the retry
// schedule, and configuration that keeps secrets out of its error messages.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../server/domain/alarms.js';
import {
  addressees,
  afterFailure,
  alarmMessage,
  alarmNotices,
  dingtalkRequest,
  feishuRequest,
  redact,
  retryDelayMs,
  truncateUtf8,
  utf8Bytes,
  wecomRequest,
  type NoticeMessage,
} from '../../server/domain/notifications.js';
import type { DanganError } from '../../server/domain/errors.js';
import { loadConfig } from '../../server/config.js';
import { notificationsConfigSchema } from '../../server/services/notification-config.js';

const ALARM: Alarm = {
  id: 17,
  raisedAt: '2026-12-01T13:58:29.000Z',
  kind: 'unauthorised_removal',
  itemId: 3,
  barcode: 'F000000003',
  archiveNo: 'HY-3-2-0101',
  epc: null,
  deviceId: 'cabinet-c1',
  place: 'R1-C01-S1',
  placeName: '1号档案柜 第1层',
  detail: null,
  custodySeq: 9,
  resolvedAt: null,
  resolvedBy: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgedByName: null,
  escalationLevel: 0,
  escalatedAt: null,
  resolvedByName: null,
  resolutionCause: null,
  resolution: null,
};
const OPTIONS = { timeZone: 'Asia/Shanghai', alarmLink: 'https://archive.example.org/alarms/{id}' };

describe('alarm messages', () => {
  it('say what, which folder, where and when, in Chinese with local time and a link', () => {
    const m = alarmMessage(ALARM, OPTIONS);
    expect(m.title).toBe('【档案报警】未登记取出：HY-3-2-0101');
    expect(m.text).toBe(
      [
        '【档案报警】未登记取出：HY-3-2-0101',
        '',
        '报警类型：未登记取出（Removed without check-out）',
        '档号：HY-3-2-0101',
        '条码：F000000003',
        '位置：1号档案柜 第1层',
        '设备：cabinet-c1',
        '时间：2026-12-01 21:58:29',
        '报警编号：17',
        '',
        '查看：https://archive.example.org/alarms/17',
      ].join('\n'),
    );
    expect(m.markdown.split('\n')[0]).toBe('### 【档案报警】未登记取出：HY-3-2-0101');
    expect(m.markdown).toContain('[查看报警记录](https://archive.example.org/alarms/17)');
  });

  it('go to the recipients of the channel roles who look after the estate, or every estate', () => {
    const recipients = [
      { role: 'supervisor', estates: ['HY'], email: 'hy@example.org', mobile: '13800000001' },
      { role: 'supervisor', estates: ['LY'], email: 'ly@example.org', mobile: '13800000002' },
      { role: 'site_manager', estates: [], email: 'boss@example.org' },
      { role: 'staff', estates: [], email: 'staff@example.org' },
    ];
    const mail = {
      id: 'mail',
      kind: 'email' as const,
      roles: ['supervisor', 'site_manager'],
      to: ['desk@example.org'],
    };
    expect(addressees(mail, recipients, 'HY')).toEqual({
      emails: ['desk@example.org', 'hy@example.org', 'boss@example.org'],
      mobiles: ['13800000001'],
    });
    expect(addressees(mail, recipients, null).emails).toHaveLength(4); // no estate known: all of the roles
    const ding = { id: 'ding', kind: 'dingtalk' as const, roles: ['supervisor'] };
    const lonely = { id: 'mail2', kind: 'email' as const, roles: ['legal'] };
    const notices = alarmNotices(ALARM, 'LY', [mail, ding, lonely], recipients, OPTIONS);
    expect(notices.map((n) => [n.channel, n.dedupeKey, n.recipients])).toEqual([
      ['mail', 'alarm:17:mail', ['desk@example.org', 'ly@example.org', 'boss@example.org']],
      ['ding', 'alarm:17:ding', ['13800000002']],
    ]); // nobody to write to on mail2: no notice
  });
});

describe('byte limits', () => {
  it('cut UTF-8 on a character boundary, marker included in the limit', () => {
    expect(truncateUtf8('档案', 6, '…')).toBe('档案');
    expect(truncateUtf8('档案室', 8, '…')).toBe('档…'); // 3 + 3 bytes; a second 档 would need 9
    const emoji = '😀'.repeat(10); // 4 bytes each, surrogate pairs in JS
    expect(truncateUtf8(emoji, 15, '…')).toBe('😀😀😀…');
    const cut = truncateUtf8(emoji, 14, '…'); // 11 bytes for text: two emoji, never half of a third
    expect(cut).toBe('😀😀…');
    expect(utf8Bytes(cut)).toBe(11);
  });

  it('keep WeCom markdown within 4,096 bytes with a marker linking the full record', () => {
    const long: NoticeMessage = {
      title: 't',
      text: 't',
      markdown: `### 报警\n${'档案室未登记取出。'.repeat(400)}`, // 10,800+ bytes
      link: 'https://archive.example.org/alarms/17',
    };
    const content = (
      JSON.parse(wecomRequest('http://robot/x', long).body) as { markdown: { content: string } }
    ).markdown.content;
    expect(utf8Bytes(content)).toBeLessThanOrEqual(4096);
    expect(utf8Bytes(content)).toBeGreaterThan(4096 - 3 - utf8Bytes('\n…（内容过长，已截断。完整记录：)'));
    expect(content.endsWith('\n…（内容过长，已截断。完整记录：https://archive.example.org/alarms/17）')).toBe(
      true,
    );
    expect(long.markdown.startsWith(content.slice(0, content.indexOf('\n…（')))).toBe(true);
    expect(content).not.toContain('\uFFFD');
  });
});

describe('robot signatures', () => {
  const m: NoticeMessage = { title: '标题', text: '正文', markdown: '**正文**', link: null };

  it('DingTalk: timestamp in ms and the URL-encoded base64 HMAC-SHA256 of "timestamp\\nsecret"', () => {
    const secret = 'SECabc123';
    const ts = 1764597509000;
    const req = dingtalkRequest('https://oapi.dingtalk.com/robot/send?access_token=TOK', secret, m, ts, [
      '138',
    ]);
    const sign = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(req.url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=TOK&timestamp=${ts}&sign=${encodeURIComponent(sign)}`,
    );
    expect(new URL(req.url).searchParams.get('sign')).toBe(sign);
    expect(JSON.parse(req.body)).toEqual({
      msgtype: 'markdown',
      markdown: { title: '标题', text: '**正文**\n\n@138' },
      at: { atMobiles: ['138'], isAtAll: false },
    });
  });

  it('Feishu: timestamp in seconds and the HMAC keyed with "timestamp\\nsecret" over nothing', () => {
    const req = feishuRequest(
      'https://open.feishu.cn/open-apis/bot/v2/hook/T',
      'fs-secret',
      m,
      1764597509999,
    );
    const sign = createHmac('sha256', '1764597509\nfs-secret').update(Buffer.alloc(0)).digest('base64');
    expect(JSON.parse(req.body)).toEqual({
      timestamp: '1764597509',
      sign,
      msg_type: 'text',
      content: { text: '正文' },
    });
  });
});

describe('retries', () => {
  const p = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };
  it('back off exponentially, capped, with half the delay random, then give up', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, p, 0))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, p, 0.999999))).toEqual([1000, 2000, 4000]);
    expect(afterFailure(3, p, 10_000, 0.5)).toEqual({ status: 'failed', nextAttemptMs: 10_000 + 3000 });
    expect(afterFailure(4, p, 10_000, 0.5)).toEqual({ status: 'dead' });
  });

  it('store errors with the secrets taken out', () => {
    expect(redact('POST https://q/send?key=abcdef123 failed', ['abcdef123'])).toBe(
      'POST https://q/send?key=*** failed',
    );
  });
});

describe('notifications config', () => {
  it('fills defaults and refuses bad channels without showing their URL or secret', () => {
    const parsed = notificationsConfigSchema.parse(undefined);
    expect(parsed.channels).toEqual([]);
    expect(parsed.dispatch.maxAttempts).toBe(8);
    const key = 'c5f3a1e0-9b1d-4b2e-8e8e-secretkey';
    const problems = (channels: unknown[]) => {
      try {
        loadConfig({ overrides: { notifications: { channels } } });
      } catch (e) {
        return (e as DanganError).messages;
      }
      throw new Error('accepted');
    };
    const badUrl = problems([
      { id: 'room', kind: 'wecom', url: `ftp://qyapi.weixin.qq.com/send?key=${key}` },
      { id: 'ding', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send', secret: 7 },
    ]);
    expect(badUrl.en).toContain('notifications.channels.0.url: must be an http(s) address');
    expect(badUrl.zh).toContain('须为 http(s) 地址');
    expect(badUrl.en).toContain('notifications.channels.1.secret');
    const twice = problems([
      { id: 'room', kind: 'wecom', url: `https://qyapi.weixin.qq.com/send?key=${key}` },
      { id: 'room', kind: 'wecom', url: `https://qyapi.weixin.qq.com/send?key=${key}x` },
    ]);
    expect(twice.en).toContain('notifications.channels.1.id: duplicate channel id');
    expect(twice.zh).toContain('通知渠道 id 重复');
    for (const m of [badUrl, twice]) {
      expect(m.en).not.toContain(key);
      expect(m.zh).not.toContain(key);
    }
  });
});
