/**
 * Issue 13's bar: with a pack that gives all eight readings of Session 6 (one a PDF, two on
 * hosts the build does not cover), a learner reflects on every one of the eight, in the
 * overlay or, where none can be, in the popup.
 *
 * The pack's addresses are test addresses, not the course's (five of the real links are still
 * unknown): six on the build's hosts, the Preston Model on cles.org.uk (outside the build: the
 * learner lets the companion show there), and "Free riding" as a PDF on papers.example
 * (outside the build too). The test build is granted both outside hosts at install, which
 * stands in for the learner's answer to the browser's prompt (decision 13) and for `activeTab`.
 */
import { testPack } from '../fixtures/test-pack';
import type { Pack } from '../../content/pack-schema';
import {
  expect,
  FacilitatorPage,
  fixture,
  PopupPage,
  ReadingPage,
  serve,
  servePdf,
  test,
} from './fixtures';

/** Where each reading lives in this test pack. */
const ADDRESSES: Record<string, string> = {
  'preston-model': 'https://cles.org.uk/the-preston-model/',
  'canadas-irreconcileables': 'https://www.grocer.coop/test-pack/canadas-irreconcileables',
  'civil-power-partner-state': 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  'levels-of-government': 'https://www.communitypsychology.com/test-pack/levels-of-government',
  'we-sought-the-law': 'https://podcasters.spotify.com/pod/show/test-pack/we-sought-the-law',
  'building-strength-long-haul':
    'https://www.communitypsychology.com/resisting-state-sanctioned-violence/',
  'free-riding-off-capitalism': 'https://papers.example/free-riding-off-capitalism.pdf',
  'half-past-capitalism': 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
};
const PDF = ADDRESSES['free-riding-off-capitalism']!;
/** What the popup asks for: a bare domain with and without `www.`. */
const OUTSIDE = [
  'https://cles.org.uk/*',
  'https://papers.example/*',
  'https://www.papers.example/*',
];

/** The frozen Session 6 pack with every reading's link given. */
function everyReadingPack(): Pack {
  const pack = structuredClone(testPack);
  pack.version = 'every-reading';
  for (const r of pack.sessions[0]!.resources) r.link = ADDRESSES[r.id] ?? null;
  return pack;
}

test.use({ grantedHosts: OUTSIDE });
test.setTimeout(120_000);

test('a learner reflects on all eight readings of Session 6, in the overlay or in the popup', async ({
  context,
  extensionId,
}) => {
  const pack = everyReadingPack();
  const resources = pack.sessions[0]!.resources;
  expect(resources.map((r) => r.link).filter(Boolean)).toHaveLength(8);
  for (const [id, url] of Object.entries(ADDRESSES))
    if (url !== PDF) await serve(context, url, fixture('article.html', { TITLE: id }));
  await servePdf(context, PDF, 'Free riding off capitalism');

  const facilitator = await FacilitatorPage.open(context, extensionId);
  await facilitator.importPack(pack);
  await expect(facilitator.status()).toContainText('Course pack imported');
  await facilitator.page.close();

  // The PDF, on a host the companion may not show on: the popup writes there.
  const free = resources.find((r) => r.id === 'free-riding-off-capitalism')!;
  const pdf = await context.newPage();
  await pdf.goto(PDF);
  let popup = await PopupPage.open(context, extensionId);
  await pdf.bringToFront();
  await expect(popup.writer()).toHaveAccessibleName(`This page is “${free.title}”`);
  await popup.writerBox().fill(`On ${free.id}, from the popup.`);
  await popup.writerBox().press('Control+Enter');
  await expect(popup.writerStatus()).toHaveText('Reflection saved.');

  // The Preston Model's host is outside the build: the learner lets the companion show there.
  await popup.page.getByRole('button', { name: 'Show the companion on these sites' }).click();
  await expect(popup.page.getByRole('status').filter({ hasText: 'will now show on' })).toHaveText(
    'The companion will now show on cles.org.uk, papers.example.',
  );
  await popup.page.close();

  // Every other reading, HTML on the build's hosts and on cles.org.uk: the overlay.
  let first = true;
  for (const resource of resources) {
    if (resource.id === free.id) continue;
    const reading = await ReadingPage.open(context, ADDRESSES[resource.id]!);
    // The panel opens once; the learner's choice to keep it open holds for the next ones.
    const overlay = first ? await reading.expand() : await reading.overlay();
    first = false;
    await expect(overlay.heading()).toHaveText(resource.title);
    await overlay.writeReflection(`On ${resource.id}, in the page.`);
    await reading.page.close();
  }

  // The popup counts one reflection on each of the eight.
  popup = await PopupPage.open(context, extensionId);
  await expect(popup.resources()).toHaveCount(8);
  for (const resource of resources)
    await expect(popup.resource(resource.title)).toContainText('1 reflection');
});
