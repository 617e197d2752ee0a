/**
 * A strip across the screen while the server cannot be reached. Always in the page (empty while all is
 * well) so that screen readers announce it when it fills, and the layout does not jump.
 */
export function ConnectionBanner({ lost, text }: { lost: boolean; text: string }) {
  return (
    <div class={`offline-banner${lost ? ' shown' : ''}`} role="alert" aria-hidden={!lost}>
      {lost ? text : ''}
    </div>
  );
}
