import type { Component } from 'svelte';
import type { TabId } from '../../lib/nav';
import FeedView from '../feed/FeedView.svelte';
import FilesView from '../files/FilesView.svelte';
import ProfileView from '../profile/ProfileView.svelte';

/** The view of each tab (TypeScript insists every tab in lib/nav.ts has one). */
export const VIEWS: Record<TabId, Component> = {
  feed: FeedView,
  files: FilesView,
  profile: ProfileView,
};
