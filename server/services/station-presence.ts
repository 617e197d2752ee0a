// Which kiosk stations have a paired screen connected now: the real-time channel reports a paired socket
// arriving and leaving; the board reads it. In memory: after a restart every screen reconnects anyway.
export function createStationPresence() {
  const sockets = new Map<string, number>();
  const lastSeen = new Map<string, string>();
  return {
    connected(stationId: string, at: string): void {
      sockets.set(stationId, (sockets.get(stationId) ?? 0) + 1);
      lastSeen.set(stationId, at);
    },
    disconnected(stationId: string, at: string): void {
      const n = (sockets.get(stationId) ?? 1) - 1;
      if (n <= 0) sockets.delete(stationId);
      else sockets.set(stationId, n);
      lastSeen.set(stationId, at);
    },
    /** How many paired screens of the station are connected now. */
    screens: (stationId: string): number => sockets.get(stationId) ?? 0,
    /** When a paired screen of the station last connected or left (since this process started). */
    lastSeen: (stationId: string): string | null => lastSeen.get(stationId) ?? null,
  };
}

export type StationPresence = ReturnType<typeof createStationPresence>;
