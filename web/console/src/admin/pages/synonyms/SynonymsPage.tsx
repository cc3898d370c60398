/**
 * 同义词与词典: the operator's synonym groups and user dictionary, and a 试一试 box that shows
 * what a change did — the similarity of two phrases before and after it.
 */
import { Space } from 'antd';
import { useCallback, useState } from 'react';
import { SimilarityTry } from './SimilarityTry';
import { SynonymGroups } from './SynonymGroups';
import { UserDictionary } from './UserDictionary';

export default function SynonymsPage() {
  // Bumped after every saved change, so the 试一试 box measures its phrases again.
  const [revision, setRevision] = useState(0);
  const changed = useCallback(() => setRevision((r) => r + 1), []);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-section="synonyms">
      <SynonymGroups onChanged={changed} />
      <SimilarityTry revision={revision} />
      <UserDictionary onChanged={changed} />
    </Space>
  );
}
