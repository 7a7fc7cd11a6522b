import { ScaledClock } from "@sre-actions/testkit";
import { environmentsSchema, NotionFake, notionProps } from "@sre-actions/testkit/notion";

/** The invented team: GitHub login → Notion person (the demo's user-map). */
export const TEAM = [
  { login: "okenak", id: "5f0c6a4e-2b1d-4c3e-9a8f-7e6d5c4b3a21", name: "Kenta Okada", email: "okenak@example.com" },
  { login: "shun", id: "0c5a2f7e-1b3d-4e6f-8a9b-0c1d2e3f4a5b", name: "Shun Mori", email: "shun@example.com" },
  { login: "mika-t", id: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", name: "Mika Tanaka", email: "mika-t@example.com" },
  { login: "yuki-n", id: "2b3c4d5e-6f70-4182-9a3b-4c5d6e7f8091", name: "Yuki Nakamura", email: "yuki-n@example.com" },
];

export interface NotionWorld {
  notion: NotionFake;
  databaseUrl: string;
}

/** The team's "environments" database: qa1…qa10 and pre-prod; qa1 and qa7 are already held. */
export async function startNotion(): Promise<NotionWorld> {
  const now = Date.now();
  const notion = await new NotionFake({ clock: new ScaledClock(1, now) }).start();
  for (const user of TEAM) notion.seedUser(user);
  const { databaseId, dataSourceId } = notion.seedDatabase({
    title: "Environments",
    dataSources: [{ name: "Environments", properties: environmentsSchema() }],
  });
  const held: Record<string, { branch: string; days: number; by: string }> = {
    qa1: { branch: "feature/invoice-v2", days: 2, by: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    qa7: { branch: "feature/offline-sync", days: 5, by: "2b3c4d5e-6f70-4182-9a3b-4c5d6e7f8091" },
  };
  for (const environment of [...Array.from({ length: 10 }, (_, n) => `qa${n + 1}`), "pre-prod"]) {
    const hold = held[environment];
    notion.seedPage(dataSourceId, {
      Environment: notionProps.title(environment),
      Status: notionProps.status(hold ? "Deployed" : "Free"),
      ...(hold
        ? {
            Branch: notionProps.richText(hold.branch),
            "Deployed by": notionProps.people(hold.by),
            "Reserved until": notionProps.date(new Date(now + hold.days * 86_400_000).toISOString()),
          }
        : {}),
    });
  }
  return { notion, databaseUrl: `https://www.notion.so/kumori-labs/Environments-${databaseId.replace(/-/g, "")}` };
}
