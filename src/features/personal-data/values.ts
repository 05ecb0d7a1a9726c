import { z } from 'zod';
import { jsonText, userIdText } from '../../slack/values.ts';

/** The export and forget confirmations' private_metadata: JSON `{"userId": …}`, the person concerned. */
export const personModalMeta = (userId: string): string => JSON.stringify({ userId });
export const PersonModalMeta = jsonText(z.object({ userId: userIdText }));
