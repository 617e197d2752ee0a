// The reports page's downloads through DashboardApi: the bearer token in the header (it is no cookie), the
// file name from Content-Disposition's filename* (RFC 5987, Chinese), and a refusal read from its JSON.
// A stand-in fetch answers as the server does (the real server's answers: tests/integration/reports.test.ts).
import { describe, expect, it } from 'vitest';
import { createDashboardApi, dispositionName } from '../../kiosk/src/dashboard/api';
import { ApiError } from '../../kiosk/src/shared/api/error';

describe('report exports in the dashboard’s API client', () => {
  it('sends the bearer token and names the file from filename*', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), {
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="report-overdue.csv"; filename*=UTF-8''${encodeURIComponent('逾期未还_2026-01-01_2026-12-01.csv')}`,
        },
      });
    }) as typeof fetch;
    const file = await createDashboardApi(fetchImpl).exportReport('tok-1', 'overdue', 'csv', {
      from: '2026-01-01',
      lang: 'zh-CN',
    });
    expect(file.fileName).toBe('逾期未还_2026-01-01_2026-12-01.csv');
    expect(file.blob.size).toBe(4);
    expect(seen).toEqual([
      { url: '/api/v1/reports/overdue/export?from=2026-01-01&lang=zh-CN&format=csv', auth: 'Bearer tok-1' },
    ]);
  });

  it('turns a refusal into the server’s code and messages', async () => {
    const fetchImpl = (async () =>
      new Response(
        JSON.stringify({
          code: 'FORBIDDEN',
          messages: { 'zh-CN': '您没有此操作的权限', en: 'You are not allowed to do this' },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      )) as unknown as typeof fetch;
    const error = await createDashboardApi(fetchImpl)
      .exportReport('tok-1', 'alarms', 'pdf', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('FORBIDDEN');
    expect((error as ApiError).text('zh-CN')).toBe('您没有此操作的权限');
  });

  it('falls back to filename, then to a name of its own', () => {
    expect(dispositionName('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx');
    expect(dispositionName(null, 'report-time_out.pdf')).toBe('report-time_out.pdf');
  });
});
