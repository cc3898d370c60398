/**
 * 同义词与词典: the operator's synonym groups and user dictionary, and a 试一试 box that shows
 * what a change did — the similarity of two phrases before and after it.
 */
import { Col, Row, Space } from 'antd';
import { useCallback, useState } from 'react';
import { SimilarityTry } from './SimilarityTry';
import { SynonymGroups } from './SynonymGroups';
import { UserDictionary } from './UserDictionary';

export default function SynonymsPage() {
  // Bumped after every saved change, so the 试一试 box measures its phrases again.
  const [revision, setRevision] = useState(0);
  const changed = useCallback(() => setRevision((r) => r + 1), []);
  return (
    // The groups on the left, and beside them (below on a narrow screen) what tries them out.
    <Row gutter={[24, 24]} data-section="synonyms">
      <Col xs={24} xl={14}>
        <SynonymGroups onChanged={changed} />
      </Col>
      <Col xs={24} xl={10}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <SimilarityTry revision={revision} />
          <UserDictionary onChanged={changed} />
        </Space>
      </Col>
    </Row>
  );
}
