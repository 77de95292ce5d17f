import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const bylineSchema = z.object({
  label: z.string().trim().max(40),
  author: text(200),
  unit: z.string().trim().max(300).nullable(),
});

export const figureInputSchema = z.object({
  imageId: z.number().int().positive().nullable(),
  sourceName: z.string().trim().max(300).nullable(),
  caption: z.string().trim().max(2000),
});

export const articleInputSchema = z.object({
  sectionId: z.number().int().positive(),
  /** The unit the article is written for; the section's unit when absent. */
  unitId: z.number().int().positive().nullable().default(null),
  headline: text(500),
  headlineNeedsReview: z.boolean().default(false),
  lead: z.string().trim().max(5000),
  bodyHtml: z.string().max(2_000_000),
  figures: z.array(figureInputSchema).max(200).default([]),
  byline: bylineSchema.nullable().default(null),
  status: z.enum(['draft', 'published']),
  publishedAt: z.number().int().nullable().default(null),
  sourceKey: z.string().max(200).nullable().default(null),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
export type FigureInput = z.infer<typeof figureInputSchema>;
