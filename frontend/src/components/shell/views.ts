import type { Component } from 'svelte';
import type { TabId } from '../../lib/nav';
import AppsView from '../apps/AppsView.svelte';
import BooksView from '../books/BooksView.svelte';
import ChatView from '../chat/ChatView.svelte';
import FeedView from '../feed/FeedView.svelte';
import FilesView from '../files/FilesView.svelte';
import NotificationsView from '../notifications/NotificationsView.svelte';
import ProfileView from '../profile/ProfileView.svelte';
import WalletView from '../wallet/WalletView.svelte';

/** The view of each tab (TypeScript insists every tab in lib/nav.ts has one). */
export const VIEWS: Record<TabId, Component> = {
  feed: FeedView,
  chat: ChatView,
  wallet: WalletView,
  books: BooksView,
  notifications: NotificationsView,
  files: FilesView,
  apps: AppsView,
  profile: ProfileView,
};
