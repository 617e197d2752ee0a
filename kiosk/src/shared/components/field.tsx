import type { ComponentChildren } from 'preact';

/** One label and value of a `<dl>` (facts about a folder, a receipt's header). */
export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
