/**
 * 同义词与词典: the operator's synonym groups and user dictionary, and a 试一试 box that shows
 * what a change did — the similarity of two phrases before and after it; in a second tab the
 * customer-service lexicon shipped with Wendu, each group switchable.
 */
import { Col, Row, Space, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import { useT } from '../../../shared/i18n';
import { LexiconGroups } from './LexiconGroups';
import { SimilarityTry } from './SimilarityTry';
import { SynonymGroups } from './SynonymGroups';
import { UserDictionary } from './UserDictionary';

const messages = {
  zh: { mine: '我的同义词', lexicon: '内置词库' },
  en: { mine: 'My synonyms', lexicon: 'Shipped lexicon' },
};

export default function SynonymsPage() {
  const t = useT(messages);
  // Bumped after every saved change, so the 试一试 box measures its phrases again.
  const [revision, setRevision] = useState(0);
  const changed = useCallback(() => setRevision((r) => r + 1), []);
  return (
    <Tabs
      data-section="synonyms"
      items={[
        {
          key: 'mine',
          label: t('mine'),
          children: (
            // The groups on the left, and beside them (below on a narrow screen) what tries them out.
            <Row gutter={[24, 24]}>
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
          ),
        },
        { key: 'lexicon', label: t('lexicon'), children: <LexiconGroups onChanged={changed} revision={revision} /> },
      ]}
    />
  );
}
