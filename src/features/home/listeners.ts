import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { showHelp } from './help.ts';
import { refreshHomes } from './refresh.ts';
import { showHome, turnHomePage } from './tab.ts';

/** Lifering's Home tab: what each person supports and is supported in, redrawn after every change. */
export const home: Feature = {
  name: 'home',
  listeners: [
    { kind: 'event', id: 'app_home_opened', performs: 'home.view', handle: showHome },
    { kind: 'action', id: ACTIONS.homePage, performs: 'home.view', handle: turnHomePage },
    { kind: 'action', id: ACTIONS.homePagePrevious, performs: 'home.view', handle: turnHomePage },
    { kind: 'action', id: ACTIONS.showHelp, performs: 'help.read', handle: showHelp },
  ],
  onChange: refreshHomes,
};
