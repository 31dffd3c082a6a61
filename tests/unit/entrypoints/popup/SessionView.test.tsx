import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SessionView } from '../../../../entrypoints/popup/SessionView';
import { testPack as bundledPack } from '../../../fixtures/test-pack';
import { parsePack, type Pack } from '../../../../content/pack-schema';
import raw from '../../../fixtures/packs/seize-session-6.json';
import { setTestLanguage } from '../../i18n-catalogs';

const session = bundledPack.sessions[0]!;
const view = (
  activeReading: { sessionId: string; resourceId: string } | null = null,
  pack = bundledPack,
) =>
  render(
    <SessionView pack={pack} session={pack.sessions[0]!} activeReading={activeReading} lang="en" />,
  );

describe('SessionView', () => {
  it('shows the course, the session, its intro and both outcomes', () => {
    view();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Session 6 Building Power for Solidarity',
    );
    expect(screen.getByText('Fundamentals of the Solidarity Economy')).toBeTruthy();
    expect(screen.getByText(session.intro)).toBeTruthy();
    const outcomes = document.querySelectorAll('.outcomes li');
    expect([...outcomes].map((li) => li.textContent)).toEqual(session.outcomes.map((o) => o.text));
  });

  it('lists the eight resources in order with kind word and summary', () => {
    view();
    const items = [...document.querySelectorAll('.resources > li')] as HTMLElement[];
    expect(
      items.map((li) => li.querySelector('h3')!.textContent.replace(' (opens in a new tab)', '')),
    ).toEqual(session.resources.map((r) => r.title));
    expect(items.map((li) => li.querySelector('.kind')!.textContent)).toEqual([
      'Explore',
      'Read',
      'Read',
      'Watch',
      'Listen',
      'Read',
      'Read',
      'Listen',
    ]);
    expect(within(items[7]!).getByText(session.resources[7]!.summary)).toBeTruthy();
  });

  it('says which links came from the course page, with their host', () => {
    const pack = structuredClone(bundledPack);
    const learnedOne = pack.sessions[0]!.resources.find((r) => r.link === null)!;
    learnedOne.link = 'https://www.podcasters.spotify.com/pod/show/x/episodes/y';
    render(
      <SessionView
        pack={pack}
        session={pack.sessions[0]!}
        activeReading={null}
        lang="en"
        learned={new Set([learnedOne.id])}
      />,
    );
    const notes = screen.getAllByTestId('learned-link');
    expect(notes.map((n) => n.textContent)).toEqual([
      'From the course page (podcasters.spotify.com)',
    ]);
    expect(notes[0]!.closest('li')!.getAttribute('data-resource-id')).toBe(learnedOne.id);
  });

  it('says which links the learner gave, with their host, a Remove button and its outcome', () => {
    const pack = structuredClone(bundledPack);
    const preston = pack.sessions[0]!.resources.find((r) => r.id === 'preston-model')!;
    preston.link = 'https://cles.org.uk/the-preston-model/';
    const removed: string[] = [];
    const { rerender } = render(
      <SessionView
        pack={pack}
        session={pack.sessions[0]!}
        activeReading={null}
        lang="en"
        learnerLinks={new Map([[preston.id, preston.link]])}
        onRemoveLink={(r) => removed.push(r.id)}
      />,
    );
    const note = screen.getByTestId('learner-link');
    expect(note.closest('li')!.getAttribute('data-resource-id')).toBe(preston.id);
    expect(note.textContent).toContain('Linked by you (cles.org.uk)');
    fireEvent.click(
      within(note).getByRole('button', {
        name: `Remove the page you linked to “${preston.title}”`,
      }),
    );
    expect(removed).toEqual([preston.id]);
    // What happened is said in the list's live region, which takes the keyboard focus (the
    // button went with the link).
    rerender(
      <SessionView
        pack={bundledPack}
        session={bundledPack.sessions[0]!}
        activeReading={null}
        lang="en"
        onRemoveLink={(r) => removed.push(r.id)}
        linkStatus={{ text: 'Removed.', kind: 'info' }}
      />,
    );
    expect(screen.queryByTestId('learner-link')).toBeNull();
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Removed.');
    expect(document.activeElement).toBe(status);
  });

  it('links known readings in a new tab and says plainly when a link is unknown', () => {
    view();
    const civil = document.querySelector(
      '[data-resource-id="civil-power-partner-state"]',
    ) as HTMLElement;
    const link = within(civil).getByRole('link');
    expect(link.getAttribute('href')).toBe(
      'https://www.grocer.coop/articles/civil-power-and-partner-state',
    );
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');

    const preston = document.querySelector('[data-resource-id="preston-model"]') as HTMLElement;
    expect(within(preston).queryByRole('link')).toBeNull();
    expect(within(preston).getByText('Link not known yet')).toBeTruthy();
    expect(document.querySelectorAll('[data-testid="unknown-link"]')).toHaveLength(5);
  });

  it('shows the contact as a mail link, and the address as text to copy', () => {
    view();
    const mail = screen.getByRole('link', { name: 'Hannah Ostiguy Hopp' });
    expect(mail.getAttribute('href')).toBe('mailto:programs@solidarityeconomy.ca');
    expect(mail.closest('p')!.textContent).toBe(
      'Questions about the course? Write to Hannah Ostiguy Hopp at programs@solidarityeconomy.ca.',
    );
    // The address is text of its own, outside the link: selectable without opening mail.
    const address = screen.getByText('programs@solidarityeconomy.ca');
    expect(address.closest('a')).toBeNull();
  });

  it('shows the course’s progress beside the session’s when given', () => {
    const progress = [
      {
        key: `${bundledPack.id}/${session.resources[0]!.id}`,
        courseId: bundledPack.id,
        sessionId: session.id,
        resourceId: session.resources[0]!.id,
        firstOpenedAt: '2026-11-20T10:00:00.000Z',
        lastOpenedAt: '2026-11-20T10:00:00.000Z',
        doneAt: '2026-11-20T10:00:00.000Z',
      },
    ];
    const { rerender } = render(
      <SessionView
        pack={bundledPack}
        session={session}
        activeReading={null}
        lang="en"
        progress={progress}
        courseProgress={{ done: 12, resources: 40, reflections: 3 }}
      />,
    );
    expect(screen.getByTestId('progress-summary').textContent).toBe(
      `1 of ${session.resources.length} done`,
    );
    expect(screen.getByTestId('course-progress').textContent).toBe(' · Course: 12 of 40 done');
    rerender(
      <SessionView
        pack={bundledPack}
        session={session}
        activeReading={null}
        lang="en"
        progress={progress}
      />,
    );
    expect(screen.queryByTestId('course-progress')).toBeNull();
  });

  it('says at the top when the active tab is one of the readings', () => {
    view({ sessionId: 'session-6', resourceId: 'civil-power-partner-state' });
    const notice = screen.getByTestId('current-reading');
    expect(notice.textContent).toContain('You are on this session’s reading');
    expect(notice.textContent).toContain('Civil Power & Partner State');
    expect(notice.textContent).toContain('Read · resource 3 of 8');
    expect(document.querySelector('[aria-current="page"]')?.getAttribute('data-resource-id')).toBe(
      'civil-power-partner-state',
    );
  });

  it('shows no notice for a reading of another session or no reading', () => {
    view({ sessionId: 'session-2', resourceId: 'civil-power-partner-state' });
    expect(screen.queryByTestId('current-reading')).toBeNull();
    expect(document.querySelector('[aria-current]')).toBeNull();
  });

  it('renders pack text as text, never as HTML', () => {
    const pack = structuredClone(raw) as Pack;
    pack.sessions[0]!.resources[0]!.title = '<img src=x onerror="alert(1)">Preston';
    const parsed = parsePack(pack);
    if (!parsed.ok) throw new Error(parsed.error.message);
    view(null, parsed.pack);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror="alert(1)">Preston')).toBeTruthy();
  });

  it('speaks French when the browser does', () => {
    setTestLanguage('fr');
    view();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Objectifs d’apprentissage' }),
    ).toBeTruthy();
    expect(screen.getAllByText('Lien encore inconnu')).toHaveLength(5);
    // The course's own words stay as the course wrote them.
    expect(screen.getByText('Building Power for Solidarity')).toBeTruthy();
  });
});
