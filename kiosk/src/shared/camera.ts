// The camera scanner, loaded on first use: zxing is several times the size of a whole screen, so it is a
// chunk of its own (camera-zxing.ts) that no first route carries.

export interface CameraModule {
  /** Starts decoding into `video`; calls `onCode` once with the first code read; resolves with a stop. */
  startCamera(video: HTMLVideoElement, onCode: (code: string) => void): Promise<() => void>;
}

export const loadCamera = (): Promise<CameraModule> => import('./camera-zxing');
