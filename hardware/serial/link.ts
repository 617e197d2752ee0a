// The contract between the port manager (owns the port, reconnects, watches) and a protocol handler
// (turns bytes into events). Handlers never see the port itself: only this narrow link.

export interface PortLink {
  readonly deviceId: string;
  /** Writes with a timeout; rejects when the port is closed or the write never completes. Never drains. */
  write(data: Buffer): Promise<void>;
  /** A verified frame or record arrived: counts framesIn and feeds the liveness watchdog. */
  frameIn(): void;
  /** Frames rejected by a checksum or framing check. */
  checksumError(count?: number): void;
}

export interface ProtocolHandler {
  /** The port (re)opened: reset framers, start polling. */
  onOpen(link: PortLink): void;
  onData(chunk: Buffer): void;
  /** The port closed or was lost: stop polling, fail pending requests. */
  onClose(): void;
  /** The device is being removed for good. */
  dispose(): void;
}
