// Scanning with the screen's camera: the zxing chunk is fetched when this overlay opens.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskController } from '../controller';
import { t } from '../words';

export function CameraOverlay({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    c.loadCamera()
      .then((m) => m.startCamera(video.current!, (code) => c.scan(code, 'camera')))
      .then(
        (s) => {
          if (cancelled) s();
          else stop = s;
        },
        () => {
          if (!cancelled) setFailed(true);
        },
      );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [c]);
  return (
    <div class="camera-overlay" role="dialog" aria-modal="true" aria-label={t(lang, 'camera')}>
      <p class="camera-title">{failed ? t(lang, 'cameraFailed') : t(lang, 'cameraTitle')}</p>
      <video ref={video} playsInline muted autoPlay />
      <button class="btn btn-big" onClick={() => c.openCamera(false)}>
        {t(lang, 'close')}
      </button>
    </div>
  );
}
