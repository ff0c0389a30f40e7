// Cluster time: a Timestamp (seconds, increment) that only moves forward, one tick per write.
import { Timestamp } from 'bson';

export class ClusterClock {
  private seconds = 0;
  private increment = 0;

  /** Never goes back behind a time already handed out (e.g. before a restart). */
  advanceTo(time: Timestamp | undefined): void {
    if (!time) return;
    if (time.t > this.seconds || (time.t === this.seconds && time.i > this.increment)) {
      this.seconds = time.t;
      this.increment = time.i;
    }
  }

  tick(): Timestamp {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.seconds) {
      this.seconds = now;
      this.increment = 1;
    } else {
      this.increment += 1;
    }
    return this.current();
  }

  current(): Timestamp {
    if (this.seconds === 0) return this.tick();
    return new Timestamp({ t: this.seconds, i: this.increment });
  }
}
