/**
 * Test support: the hand-off settings a shop's admin typically saves — 售前 on weekdays and
 * Saturday, 售后 every day till late (closed one day to move the warehouse), 投诉 on weekdays,
 * routed by category and tag. Not imported by production code.
 */
const NINE_TO_SIX = [{ from: '09:00', to: '18:00' }];
const EVERY_DAY = ['1', '2', '3', '4', '5', '6', '7'] as const;

export const SHOP_HANDOFF = {
  groups: [
    { id: 'presales', name: '售前', weekly: { '1': NINE_TO_SIX, '2': NINE_TO_SIX, '3': NINE_TO_SIX, '4': NINE_TO_SIX, '5': NINE_TO_SIX, '6': [{ from: '10:00', to: '16:00' }] } },
    { id: 'aftersales', name: '售后', weekly: Object.fromEntries(EVERY_DAY.map((d) => [d, [{ from: '09:00', to: '22:00' }]])), closures: [{ date: '2026-06-12', reason: '仓库搬家' }] },
    { id: 'complaints', name: '投诉', weekly: { '1': NINE_TO_SIX, '2': NINE_TO_SIX, '3': NINE_TO_SIX, '4': NINE_TO_SIX, '5': NINE_TO_SIX } },
  ],
  defaultGroupId: 'presales',
  topicRoutes: [
    { category: '售后', groupId: 'aftersales' },
    { tag: '投诉', groupId: 'complaints' },
  ],
  maxWaitSeconds: 600,
};
