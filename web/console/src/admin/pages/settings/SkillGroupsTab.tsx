/**
 * 技能组: the hand-off groups (售前, 售后, 投诉 …), the default one, and which people serve
 * which. A person with no group chosen serves every group (a small team where everyone takes
 * everything). Hours of each group are under 服务时间与节假日.
 */
import { App, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../../shared/i18n';
import { settingsApi, type HandoffGroup, type HandoffSettings, type HandoffView, type PersonSkills } from './settings-api';
import { TabForm } from './TabForm';

interface Groups {
  groups: Pick<HandoffGroup, 'id' | 'name'>[];
  defaultGroupId: string;
}

const messages = {
  zh: {
    groups: '分组',
    groupsHelp: '分组编号保存后不要随意修改：关键词规则、主题分配和客服的技能组都按编号引用它。新分组默认 7×24 在线，到「服务时间与节假日」里设置时间。',
    id: '编号（英文）',
    name: '名称',
    addGroup: '加一个分组',
    removeGroup: '删除这个分组',
    defaultGroup: '默认分组',
    defaultGroupHelp: '没有规则指定分组时，转人工进入这个分组。',
    people: '谁在哪些分组',
    peopleHelp: '不选分组 = 接待所有分组。',
    person: '成员',
    role: '角色',
    serves: '接待的分组',
    all: '所有分组',
    save: '保存',
    saved: '已保存 {name} 的分组',
    failed: '保存失败：{message}',
    servesOf: '{name} 接待的分组',
  },
  en: {
    groups: 'Groups',
    groupsHelp: 'Keep a group id once saved: keyword rules, topic routes and agents refer to it. A new group is open 24/7 until you set its hours under Business hours.',
    id: 'Id (latin letters)',
    name: 'Name',
    addGroup: 'Add a group',
    removeGroup: 'Remove this group',
    defaultGroup: 'Default group',
    defaultGroupHelp: 'Hand-offs no rule routes go to this group.',
    people: 'Who serves which groups',
    peopleHelp: 'No group chosen = serves every group.',
    person: 'Person',
    role: 'Role',
    serves: 'Serves',
    all: 'Every group',
    save: 'Save',
    saved: "Saved {name}'s groups",
    failed: 'Could not save: {message}',
    servesOf: 'Groups {name} serves',
  },
};

function toForm(s: HandoffSettings): Groups {
  return { groups: s.groups.map(({ id, name }) => ({ id, name })), defaultGroupId: s.defaultGroupId };
}

function PersonRow({ person, groupOptions, readOnly }: { person: PersonSkills; groupOptions: { value: string; label: string }[]; readOnly: boolean }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [groups, setGroups] = useState<string[]>(person.groups ?? []);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await settingsApi.saveSkills(person.userId, groups.length ? groups : null);
      message.success(t('saved', { name: person.name }));
    } catch (error) {
      message.error(t('failed', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <Select mode="multiple" disabled={readOnly} value={groups} onChange={setGroups} placeholder={t('all')} style={{ minWidth: 280 }} aria-label={t('servesOf', { name: person.name })} options={groupOptions} />
      {!readOnly && (
        <Button onClick={save} loading={busy} data-testid={`save-skills-${person.email}`}>
          {t('save')}
        </Button>
      )}
    </Space>
  );
}

export function SkillGroupsTab({ view, readOnly, onDirty, save }: { view: HandoffView; readOnly: boolean; onDirty(dirty: boolean): void; save(next: HandoffSettings): Promise<HandoffView> }) {
  const t = useT(messages);
  const [people, setPeople] = useState<PersonSkills[] | null>(null);
  useEffect(() => {
    settingsApi.skills().then(setPeople, () => setPeople([]));
  }, []);
  const groupOptions = view.settings.groups.map((g) => ({ value: g.id, label: `${g.name}（${g.id}）` }));
  const submit = async (values: Groups) => {
    // A group keeps its hours; a new one gets the server's defaults (7×24).
    const groups = values.groups.map(({ id, name }) => ({ ...view.settings.groups.find((g) => g.id === id), id, name }));
    return toForm((await save({ ...view.settings, groups: groups as HandoffGroup[], defaultGroupId: values.defaultGroupId })).settings);
  };
  return (
    <>
      <Card size="small" title={t('groups')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('groupsHelp')}</Typography.Paragraph>
        <TabForm<Groups> tab="groups" initial={toForm(view.settings)} readOnly={readOnly} onDirty={onDirty} save={submit}>
          {() => (
            <>
              <Form.List name="groups">
                {(groups, { add, remove }) => (
                  <>
                    {groups.map((group) => (
                      <Space key={group.key} align="start" style={{ display: 'flex' }}>
                        <Form.Item name={[group.name, 'id']} rules={[{ required: true }]}>
                          <Input aria-label={t('id')} placeholder={t('id')} style={{ width: 160 }} />
                        </Form.Item>
                        <Form.Item name={[group.name, 'name']} rules={[{ required: true }]}>
                          <Input aria-label={t('name')} placeholder={t('name')} style={{ width: 200 }} />
                        </Form.Item>
                        <Button aria-label={t('removeGroup')} onClick={() => remove(group.name)} disabled={groups.length <= 1}>
                          ×
                        </Button>
                      </Space>
                    ))}
                    <Button type="dashed" onClick={() => add({ id: '', name: '' })} style={{ marginBottom: 16 }}>
                      {t('addGroup')}
                    </Button>
                  </>
                )}
              </Form.List>
              <Form.Item name="defaultGroupId" label={t('defaultGroup')} extra={t('defaultGroupHelp')}>
                <Select style={{ width: 240 }} options={groupOptions} aria-label={t('defaultGroup')} />
              </Form.Item>
            </>
          )}
        </TabForm>
      </Card>
      <Card size="small" title={t('people')}>
        <Typography.Paragraph type="secondary">{t('peopleHelp')}</Typography.Paragraph>
        <Table<PersonSkills>
          size="small"
          rowKey="userId"
          loading={people === null}
          dataSource={people ?? []}
          pagination={false}
          columns={[
            { title: t('person'), render: (_, p) => `${p.name} · ${p.email}` },
            { title: t('role'), dataIndex: 'role' },
            { title: t('serves'), render: (_, p) => <PersonRow person={p} groupOptions={groupOptions} readOnly={readOnly} /> },
          ]}
        />
      </Card>
    </>
  );
}
