import { ScaledClock } from "@sre-actions/testkit";
import { environmentsSchema, NotionFake, notionProps } from "@sre-actions/testkit/notion";

export interface NotionWorld {
  notion: NotionFake;
  databaseUrl: string;
}

/** The team's "environments" database: qa1…qa10 and pre-prod; qa1 and qa7 are already held. */
export async function startNotion(): Promise<NotionWorld> {
  const now = Date.now();
  const notion = await new NotionFake({ clock: new ScaledClock(1, now) }).start();
  notion.seedUser({ id: "5f0c6a4e-2b1d-4c3e-9a8f-7e6d5c4b3a21", name: "Kenta Okada", email: "okenak@example.com" });
  const { databaseId, dataSourceId } = notion.seedDatabase({
    title: "Environments",
    dataSources: [{ name: "Environments", properties: environmentsSchema() }],
  });
  const held: Record<string, { branch: string; days: number }> = {
    qa1: { branch: "feature/invoice-v2", days: 2 },
    qa7: { branch: "feature/offline-sync", days: 5 },
  };
  for (const environment of [...Array.from({ length: 10 }, (_, n) => `qa${n + 1}`), "pre-prod"]) {
    const hold = held[environment];
    notion.seedPage(dataSourceId, {
      Environment: notionProps.title(environment),
      Status: notionProps.status(hold ? "Deployed" : "Free"),
      ...(hold
        ? {
            Branch: notionProps.richText(hold.branch),
            "Reserved until": notionProps.date(new Date(now + hold.days * 86_400_000).toISOString()),
          }
        : {}),
    });
  }
  return { notion, databaseUrl: `https://www.notion.so/aldagram/Environments-${databaseId.replace(/-/g, "")}` };
}
