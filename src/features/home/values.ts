import { z } from 'zod';

/**
 * The homePage and homePagePrevious button values: the page of mentees to show, 1-based (two
 * action ids so Previous and Next can share one actions block).
 */
export const homePageValue = (page: number): string => String(page);
export const HomePageValue = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number);
