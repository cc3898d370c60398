/** The one tag a site pastes to show the chat widget for this bot, ready to copy. */
import { Card, Typography } from 'antd';
import { useT } from '../../../shared/i18n';

const messages = {
  zh: { title: '嵌入代码', help: '把下面这一行贴到网站每个页面的 </body> 前。网站的来源必须在上面的列表里，挂件才能连上。' },
  en: { title: 'Embed code', help: "Paste this line before </body> on every page of the site. The site's origin must be in the list above for the widget to connect." },
};

export function embedSnippet(origin: string, botId: string): string {
  return `<script src="${origin}/widget.js" data-bot="${botId}" async></script>`;
}

export function EmbedSnippet({ botId }: { botId: string }) {
  const t = useT(messages);
  const snippet = embedSnippet(window.location.origin, botId);
  return (
    <Card size="small" type="inner" title={t('title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: snippet }} data-testid="embed-snippet">
        <code>{snippet}</code>
      </Typography.Paragraph>
    </Card>
  );
}
