import { describe, expect, it, vi } from 'vitest';
import { createDraftRelay } from '../../../../entrypoints/background/draft-relay';

describe('draft relay', () => {
  const post = (seq: number, request: object) => ({ seq, request });

  it('writes only the latest draft once typing pauses, and at once when the port closes', async () => {
    vi.useFakeTimers();
    const handle = vi.fn(async () => ({ ok: true as const, savedAt: 'now' }));
    const acks: unknown[] = [];
    const relay = createDraftRelay(handle, {}, (ack) => acks.push(ack), 300);
    void relay.message(post(1, { type: 'draft:save', text: 'a' }));
    void relay.message(post(2, { type: 'draft:save', text: 'ab' }));
    expect(handle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenLastCalledWith({ type: 'draft:save', text: 'ab' }, {});
    void relay.message(post(3, { type: 'draft:save', text: 'abc' }));
    await relay.disconnect();
    expect(handle).toHaveBeenLastCalledWith({ type: 'draft:save', text: 'abc' }, {});
    // Each write answers the number of the post it wrote (2 covers 1).
    expect(acks).toEqual([
      { seq: 2, ok: true },
      { seq: 3, ok: true },
    ]);
    vi.useRealTimers();
  });

  it('writes a clear at once, after the save before it, and reports failures', async () => {
    const order: string[] = [];
    const acks: unknown[] = [];
    const handle = vi.fn(async (m: unknown) => {
      order.push((m as { type: string }).type);
      return { ok: false as const, error: { code: 'db_quota' as const } };
    });
    const relay = createDraftRelay(handle, {}, (ack) => acks.push(ack), 10_000);
    void relay.message(post(1, { type: 'draft:save', text: 'x' }));
    await relay.message(post(2, { type: 'draft:clear' }));
    expect(order).toEqual(['draft:clear']); // the pending save was replaced, not written
    expect(acks).toEqual([{ seq: 2, ok: false, error: { code: 'db_quota' } }]);
  });

  it('refuses a post without its number, and writes nothing', async () => {
    const handle = vi.fn(async () => ({ ok: true as const, savedAt: 'now' }));
    const acks: unknown[] = [];
    const relay = createDraftRelay(handle, {}, (ack) => acks.push(ack), 10);
    await relay.message({ type: 'draft:save', text: 'x' });
    await relay.disconnect();
    expect(handle).not.toHaveBeenCalled();
    expect(acks).toMatchObject([{ seq: -1, ok: false, error: { code: 'invalid_request' } }]);
  });
});
