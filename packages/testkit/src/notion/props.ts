import type { CreatePageParameters } from "@notionhq/client";

type PropertyRequest = NonNullable<CreatePageParameters["properties"]>[string];

/** Request-shaped property values for seeding and for driving the SDK in tests. */
export const notionProps = {
  title: (content: string): PropertyRequest => ({ title: [{ text: { content } }] }),
  richText: (content: string): PropertyRequest => ({ rich_text: [{ text: { content } }] }),
  status: (name: string): PropertyRequest => ({ status: { name } }),
  select: (name: string): PropertyRequest => ({ select: { name } }),
  date: (start: string, end: string | null = null): PropertyRequest => ({ date: { start, end } }),
  url: (url: string | null): PropertyRequest => ({ url }),
  people: (...ids: string[]): PropertyRequest => ({ people: ids.map((id) => ({ object: "user" as const, id })) }),
  checkbox: (checkbox: boolean): PropertyRequest => ({ checkbox }),
  number: (number: number | null): PropertyRequest => ({ number }),
};
