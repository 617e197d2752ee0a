// @vitest-environment happy-dom
// shared/lazy.tsx: a screen in a chunk of its own renders nothing until the chunk is there, then itself; a
// fetch that failed (offline for a moment) is tried again on the next use.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyComponent } from '../../kiosk/src/shared/lazy';

afterEach(cleanup);

const Hello = ({ name }: { name: string }) => <p>你好，{name}</p>;

describe('lazyComponent', () => {
  it('renders nothing until its chunk is loaded, then the component with its props', async () => {
    let loads = 0;
    const Lazy = lazyComponent<{ name: string }>(async () => {
      loads++;
      return Hello;
    });
    const { container } = render(<Lazy name="张伟" />);
    expect(container.textContent).toBe('');
    expect(await screen.findByText('你好，张伟')).toBeTruthy();
    await Lazy.preload();
    expect(loads).toBe(1); // fetched once, however often it is asked for
  });

  it('renders at once after preload(), and fetches again after a failure', async () => {
    let fail = true;
    const Lazy = lazyComponent<{ name: string }>(async () => {
      if (fail) throw new TypeError('Failed to fetch');
      return Hello;
    });
    await expect(Lazy.preload()).rejects.toThrow('Failed to fetch');
    fail = false;
    await Lazy.preload();
    render(<Lazy name="孙丽" />);
    expect(screen.getByText('你好，孙丽')).toBeTruthy();
  });
});
