// Knowledge: how-to articles for clinical systems.
import { AreaPlaceholder } from '../../components/AreaPlaceholder.tsx';

export function KnowledgePage() {
  return (
    <AreaPlaceholder
      title="Knowledge"
      summary="How-to articles for clinical systems and devices."
      comingTitle="Articles arrive with the knowledge base"
      comingDescription="Searchable how-to articles, written by the service desk, will be listed here. No articles have been published yet."
    />
  );
}
