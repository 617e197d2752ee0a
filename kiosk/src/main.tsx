// The start page: what this server is, whether it runs the demo archive, and where to go next.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';

interface Health {
  status: string;
  version: string;
  demo: boolean;
  database: { client: string; pendingMigrations: number };
}

function StartPage() {
  const [health, setHealth] = useState<Health | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetch('/api/v1/health')
      .then((r) => r.json() as Promise<Health>)
      .then(setHealth, () => setFailed(true));
  }, []);
  return (
    <main>
      {health?.demo && (
        <div class="demo" role="status">
          演示数据 DEMO
        </div>
      )}
      <h1>
        档案 <span>Dangan</span>
      </h1>
      <p class="lead">
        一户一档 实体档案保管系统
        <br />
        <span class="en">Physical-archive custody, one household one file</span>
      </p>
      <p class={failed ? 'bad' : 'ok'}>
        {failed
          ? '无法连接服务器 / Server unreachable'
          : health
            ? `运行中 / Running · v${health.version} · ${health.database.client}`
            : '连接中… / Connecting…'}
      </p>
      <nav>
        <a href="/kiosk/">门口工作站 Door kiosk</a>
        <a href="/dashboard/">实时看板 Live board</a>
        <a href="/api/v1/openapi.json">接口文档 API (OpenAPI)</a>
        <a href="/api/v1/health">状态 Health</a>
      </nav>
    </main>
  );
}

render(<StartPage />, document.getElementById('app')!);
