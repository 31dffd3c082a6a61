import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb } from '../../../helpers';
import { learnerLink } from '../../../utils/journal/backup-fixtures';
import { newStore } from './store-fixtures';

beforeEach(freshIndexedDb);

describe('the learner’s links in the store', () => {
  it('keeps one per resource: a new link for it replaces the old', async () => {
    const store = await newStore();
    await store.setLearnerLink(learnerLink('preston-model'));
    const newer = learnerLink('preston-model', { link: 'https://example.org/newer' });
    await store.setLearnerLink(newer);
    expect(await store.learnerLinks()).toEqual([newer]);
  });

  it('moves a page from the resources named, in the same write', async () => {
    const store = await newStore();
    const first = learnerLink('canadas-irreconcileables', { link: 'https://example.org/p' });
    await store.setLearnerLink(first);
    const moved = learnerLink('preston-model', { link: 'https://example.org/p' });
    await store.setLearnerLink(moved, ['canadas-irreconcileables']);
    expect(await store.learnerLinks()).toEqual([moved]);
  });

  it('lists one course’s links, or every course’s, and removes one', async () => {
    const store = await newStore();
    const mine = learnerLink('preston-model');
    const theirs = learnerLink('preston-model', { courseId: 'another-course' });
    await store.setLearnerLink(mine);
    await store.setLearnerLink(theirs);
    expect(await store.learnerLinks('seize-fse')).toEqual([mine]);
    expect(await store.learnerLinks()).toHaveLength(2);
    expect(await store.removeLearnerLink('seize-fse', 'preston-model')).toBe(true);
    expect(await store.removeLearnerLink('seize-fse', 'preston-model')).toBe(false);
    expect(await store.learnerLinks()).toEqual([theirs]);
  });

  it('gives its links to a backup of the course, or of every course', async () => {
    const store = await newStore();
    await store.setLearnerLink(learnerLink('preston-model'));
    await store.setLearnerLink(learnerLink('x', { courseId: 'another-course' }));
    expect((await store.exportData('seize-fse')).learnerLinks).toHaveLength(1);
    expect((await store.exportData(null)).learnerLinks).toHaveLength(2);
  });
});
