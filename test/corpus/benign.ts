/**
 * Ordinary chat, none of which any corpus term may match: natural sentences in 17 languages,
 * words that hold a term inside them, names, URLs, numbers and codes, letters listed and clauses
 * punctuated as prose writes them (`S, E, X`, `free, spins`), and Korean sentences where
 * 시발 begins a longer word (시발점, starting point; 시발역, starting station).
 */
export interface BenignText {
  language: string;
  text: string;
}

const by = (language: string, texts: string[]): BenignText[] => texts.map((text) => ({ language, text }));

export const BENIGN: BenignText[] = [
  ...by('English', [
    'Are we still meeting tomorrow morning at the station?',
    'I moved to Scunthorpe last year and the people are lovely.',
    'That was a classic match, the best I have seen in years.',
    'She escorted the guests to their seats before the show.',
    'The casinos on the old pier were turned into a museum.',
    'Sussex and Essex are counties in England.',
    'We used telegrams before phones, my grandfather said.',
    'Can you send me the slides from the crypto pumping station talk? It was about water pumps.',
    'Free parking on Sundays, and spins of the wheel at the fair cost a pound.',
    'Room 101 is on the first floor; the 501 bus stops outside.',
    'Call me at 0800 555 0199 after 4:30 pm, or at +44 20 7946 0958.',
    'Pi is 3.14159 and the answer is 42.',
    'The invoice came to $40 and 1,337 euros.',
    'Check https://www.bbc.co.uk/news and https://example.com/docs/getting-started?page=2 for details.',
    'My email is jane.doe@example.com, write any time.',
    'Dick Van Dyke, Alexander Casinelli and Vivian Scott joined the call.',
    'The sextant and the compass are in the cupboard.',
    'Sizes S, E, X and XL are back in stock.',
    'Rows C, A, S, I, N, O are reserved for the band.',
    'The bus was free, spins of the wheel cost a pound.',
    'Entry is free; spins are two euros each.',
    'My sister sold her crypto. Pump prices went up too.',
    'Happy birthday!!! 🎉🎂 see you at 7',
    'ok',
    'lol 😂',
  ]),
  ...by('French', [
    'On se retrouve au café à midi ? Je réserve une table.',
    'Le spectacle commence à vingt heures, ne sois pas en retard.',
  ]),
  ...by('German', [
    'Kannst du mir morgen beim Umzug helfen? Ich bringe Kaffee mit.',
    'Die Straßenbahn fährt heute wegen Bauarbeiten nicht.',
  ]),
  ...by('Spanish', [
    '¿Vienes a la fiesta del sábado? Trae algo de comer.',
    'El tren llegó tarde otra vez, qué desastre.',
  ]),
  ...by('Portuguese', [
    'Vamos almoçar juntos amanhã? Conheço um restaurante ótimo.',
    'A reunião foi adiada para sexta-feira.',
  ]),
  ...by('Italian', ['Ci vediamo in piazza alle otto per la pizza.', 'Il museo è chiuso il lunedì, andiamo martedì.']),
  ...by('Polish', ['Czy możesz kupić chleb w drodze do domu?', 'Jutro będzie padać, weź parasol.']),
  ...by('Turkish', [
    "İstanbul'da bugün hava çok güzel, sahile gidelim mi?",
    'Kasımpaşa maçı ıslak zeminde oynandı.',
    'Işık kapalıydı, İzmir treni geç kaldı.',
  ]),
  ...by('Russian', [
    'Привет! Встретимся завтра у метро в шесть?',
    'Спасибо за помощь, всё получилось.',
    'Сорока сидела на соседской крыше.',
  ]),
  ...by('Greek', ['Καλημέρα! Θα πάμε για καφέ το απόγευμα;', 'Το πλοίο φεύγει στις εννιά από τον Πειραιά.']),
  ...by('Chinese', [
    '明天下午三点我们在图书馆见面吧。',
    '这家餐厅的饺子很好吃，推荐给大家。',
    '我用telegraph这个词写了一篇历史作业。',
    '飛機延誤了兩個小時，大家都很累。',
  ]),
  ...by('Japanese', [
    '明日の会議は十時からです。資料を準備しておきます。',
    'コーヒーを飲みながら本を読むのが好きです。',
    'パチンコ屋の隣に新しいカフェができた。',
  ]),
  ...by('Korean', [
    '우리의 시발점은 서울이었다.',
    '시발역에서 아침 일곱 시에 만나요.',
    '이 노선의 시발점과 종점을 알려 주세요.',
    '오늘 점심은 김치찌개 어때요?',
    '카지노프로젝트라는 이름은 별로예요.',
  ]),
  ...by('Arabic', ['مرحبا، كيف حالك اليوم؟ هل نلتقي في المساء؟', 'شكرا جزيلا على المساعدة.']),
  ...by('Hindi', ['कल सुबह हम पार्क में मिलेंगे।', 'आज बहुत गर्मी है, पानी पीते रहो।']),
  ...by('Vietnamese', ['Ngày mai chúng ta đi ăn phở nhé?', 'Cảm ơn bạn rất nhiều vì đã giúp đỡ.']),
  ...by('Indonesian', ['Besok kita rapat jam sembilan pagi di kantor.', 'Terima kasih atas bantuannya, sampai jumpa.']),
];
