import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { ApiError } from '../src/lib/transport/types';
import { fakeNode, WORDS } from './fixtures';

async function openCreate() {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: 'Create a new account' }));
  return screen.getByRole('button', { name: 'Create account' });
}

describe('onboarding', () => {
  it('creates an account without a passphrase, shows the 24 words once, continues only when confirmed', async () => {
    const { transport } = fakeNode({ state: 'none' });
    const create = await openCreate();

    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Dana' } });
    const passphrase = screen.getByLabelText('Passphrase') as HTMLInputElement;
    const repeat = screen.getByLabelText('Repeat passphrase') as HTMLInputElement;
    expect(passphrase.type).toBe('password');
    await fireEvent.click(screen.getByLabelText('Use no passphrase'));
    expect(passphrase.disabled).toBe(true);
    expect(repeat.disabled).toBe(true);
    expect(screen.getByText(/anyone with access to this device's files can act as you/)).toBeTruthy();

    await fireEvent.click(create);
    const phrase = await screen.findByTestId('recovery-phrase');
    expect(transport.callsTo('identity.create')).toEqual([{ name: 'Dana', passphrase: null }]);

    const words = within(phrase).getAllByTestId('recovery-word');
    expect(words.map((w) => w.textContent)).toEqual(WORDS);
    expect(phrase.textContent).toContain('24');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();

    const continueButton = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;
    expect(continueButton.disabled).toBe(true);
    await fireEvent.click(screen.getByLabelText('I have written down my recovery phrase'));
    expect(continueButton.disabled).toBe(false);
    await fireEvent.click(continueButton);

    // In the app: the composer is there and the phrase is gone for good.
    await screen.findByLabelText('Write a post');
    expect(screen.queryByTestId('recovery-phrase')).toBeNull();
    expect(screen.getByRole('link', { name: 'Feed' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Profile' })).toBeTruthy();
  });

  it('sends the passphrase when one is chosen, and refuses passphrases that differ', async () => {
    const { transport } = fakeNode({ state: 'none' });
    const create = await openCreate();

    await fireEvent.click(create);
    expect(await screen.findByText(/Choose a passphrase/)).toBeTruthy();

    await fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'correct horse' } });
    await fireEvent.input(screen.getByLabelText('Repeat passphrase'), { target: { value: 'correct hose' } });
    await fireEvent.click(create);
    expect(await screen.findByText('The two passphrases are not the same.')).toBeTruthy();
    expect(screen.getByLabelText('Repeat passphrase').getAttribute('aria-invalid')).toBe('true');
    expect(transport.callsTo('identity.create')).toEqual([]);

    await fireEvent.input(screen.getByLabelText('Repeat passphrase'), { target: { value: 'correct horse' } });
    await fireEvent.click(create);
    await screen.findByTestId('recovery-phrase');
    expect(transport.callsTo('identity.create')).toEqual([{ name: null, passphrase: 'correct horse' }]);
  });

  it('shows a refused creation as a sentence from its code', async () => {
    const { transport } = fakeNode({ state: 'none' });
    transport.on('identity.create', () => {
      throw new ApiError('io', 'disk full (os error 28)');
    });
    const create = await openCreate();
    await fireEvent.click(screen.getByLabelText('Use no passphrase'));
    await fireEvent.click(create);
    const alert = await screen.findByText(/could not read or write its files/);
    expect(alert.closest('[role="alert"]')?.textContent).toContain('disk full (os error 28)');
  });

  it('restores from a recovery phrase', async () => {
    const { transport } = fakeNode({ state: 'none' });
    transport.on('identity.recover', (input: { phrase: string; name: string | null; passphrase: string | null }) => {
      expect(input).toEqual({ phrase: WORDS.join(' '), name: 'Ann', passphrase: null });
      return { state: 'unlocked', protected: false, account: 'sn1x', name: 'Ann' };
    });
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Restore from recovery phrase' }));
    const restore = screen.getByRole('button', { name: 'Restore account' });

    await fireEvent.input(screen.getByLabelText('Recovery phrase'), { target: { value: 'word1 word2' } });
    await fireEvent.click(screen.getByLabelText('Use no passphrase'));
    await fireEvent.click(restore);
    expect(await screen.findByText(/has 24 words; this has 2/)).toBeTruthy();
    expect(transport.callsTo('identity.recover')).toEqual([]);

    await fireEvent.input(screen.getByLabelText('Recovery phrase'), { target: { value: `  ${WORDS.join('  ').toUpperCase()}\n` } });
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Ann' } });
    await fireEvent.click(restore);
    await screen.findByLabelText('Write a post');
  });
});

describe('boot', () => {
  it('explains how to sign in when the browser has no session', async () => {
    const { transport } = fakeNode();
    transport.on('identity.get', () => {
      throw new ApiError('unauthorized', 'no session', 401);
    });
    render(App);
    expect(await screen.findByRole('heading', { name: 'This browser is not signed in to your node' })).toBeTruthy();
    expect(screen.getAllByText(/supernet serve|supernet link/).length).toBeGreaterThan(0);
  });

  it('unlocks a locked account, with a friendly error for a wrong passphrase', async () => {
    const { transport } = fakeNode({ state: 'locked' });
    render(App);
    const input = (await screen.findByLabelText('Passphrase')) as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(screen.getByRole('heading', { name: /Welcome back, Alice/ })).toBeTruthy();

    await fireEvent.input(input, { target: { value: 'wrong' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText(/That passphrase is not right/)).toBeTruthy();

    await fireEvent.input(input, { target: { value: 'correct horse' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByLabelText('Write a post');
    expect(transport.callsTo('identity.unlock')).toEqual([{ passphrase: 'wrong' }, { passphrase: 'correct horse' }]);
  });

  it('says when the node cannot be reached', async () => {
    const { transport } = fakeNode();
    transport.on('identity.get', () => {
      throw new ApiError('unavailable', 'connection refused');
    });
    render(App);
    expect(await screen.findByRole('heading', { name: 'Your node is not answering' })).toBeTruthy();
    await waitFor(() => expect(screen.getByText('connection refused')).toBeTruthy());
  });
});
