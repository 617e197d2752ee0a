// Sample label inputs for the tests: realistic Chinese text, every template, with and without EPC.
import type { LabelInput } from '../../../labels/index.js';

export const FOLDER: LabelInput = {
  template: 'folder',
  data: {
    id: 'F000001234',
    archiveNo: 'HY-03-2-1502-A',
    property: '华苑 3栋2单元1502',
    group: 'a',
    confidentiality: 'C 秘密',
    retention: '永久',
    epc: '3034257BF7194E4000000001',
  },
};

export const SAMPLES: { name: string; input: LabelInput }[] = [
  { name: 'folder', input: FOLDER },
  {
    name: 'folder-no-epc',
    input: {
      template: 'folder',
      data: {
        id: 'F000001235',
        archiveNo: 'HY-03-2-1502-B',
        property: '华苑 3栋2单元1502',
        group: 'b',
        confidentiality: 'B 机密',
        retention: '30年',
      },
    },
  },
  {
    name: 'spine',
    input: {
      template: 'spine',
      data: {
        id: 'F000001234',
        archiveNo: 'HY-03-2-1502-A',
        property: '华苑 3栋2单元1502',
        group: 'a',
        volume: '1/2',
        year: '2024',
      },
    },
  },
  {
    name: 'box',
    input: {
      template: 'box',
      data: {
        id: 'B000000042',
        title: '华苑 3栋 客户档案 第1盒',
        archiveNoFrom: 'HY-03-2-0101-A',
        archiveNoTo: 'HY-03-2-0604-E',
        year: '2024',
        folderCount: 24,
        retention: '永久',
        confidentiality: 'C 秘密',
      },
    },
  },
  {
    name: 'shelf',
    input: {
      template: 'shelf',
      data: { kind: 'shelf', id: 'S-201-03-2', name: '3号密集架 A面 第2层', room: '档案室 201' },
    },
  },
  {
    name: 'cabinet',
    input: {
      template: 'cabinet',
      data: { kind: 'cabinet', id: 'C-201-07', name: '7号档案柜', room: '档案室 201' },
    },
  },
  {
    name: 'badge',
    input: {
      template: 'badge',
      data: {
        id: 'U00042',
        name: '张晓明',
        department: '客服部',
        title: '客服专员',
        organisation: '华远地产 客户档案室',
      },
    },
  },
];

/** Chinese strings each sample must show, to check text survives every format. */
export const CHINESE: Record<string, string[]> = {
  folder: ['华苑', '秘密', '永久', '销售签约办证入伙'],
  'folder-no-epc': ['机密', '维修赔付', '30年'],
  spine: ['销售签约办证入伙', '第1/2卷'],
  box: ['客户档案', '第1盒'],
  shelf: ['架位', '档案室', '密集架'],
  cabinet: ['档案柜'],
  badge: ['张晓明', '客服部', '客服专员'],
};
