import { conferenceStatusDay, conferenceWindowFrom, inConferenceWindow } from '../../subgraphs/kit/conference-window';

describe('a conference evidence window from a representation', () => {
  it('keeps a well-formed window, a single day included', () => {
    expect(conferenceWindowFrom({ id: 'c1', since: '2026-05-22', until: '2026-06-21' })).toEqual({ id: 'c1', since: '2026-05-22', until: '2026-06-21' });
    expect(conferenceWindowFrom({ id: 'c1', since: '2026-06-21', until: '2026-06-21' })).not.toBeNull();
  });

  it('answers a malformed one as no window', () => {
    expect(conferenceWindowFrom({ since: '2026-05-22', until: '2026-06-21' })).toBeNull();
    expect(conferenceWindowFrom({ id: 'c1', since: '2026-02-30', until: '2026-06-21' })).toBeNull();
    expect(conferenceWindowFrom({ id: 'c1', since: '2026-06-22', until: '2026-06-21' })).toBeNull();
    expect(conferenceWindowFrom({ id: 'c1', since: 20260522, until: '2026-06-21' })).toBeNull();
  });

  it('counts both ends in', () => {
    const window = { since: '2026-05-22', until: '2026-06-21' };
    expect(['2026-05-21', '2026-05-22', '2026-06-01', '2026-06-21', '2026-06-22'].map((day) => inConferenceWindow(window, day))).toEqual([false, true, true, true, false]);
  });
});

describe('the day custody and accommodation are judged on', () => {
  it('is the conference day, or today for a conference still ahead', () => {
    expect(conferenceStatusDay({ until: '2026-06-21' }, '2026-06-30')).toBe('2026-06-21');
    expect(conferenceStatusDay({ until: '2026-06-30' }, '2026-06-30')).toBe('2026-06-30');
    expect(conferenceStatusDay({ until: '2026-07-21' }, '2026-06-30')).toBe('2026-06-30');
  });
});
