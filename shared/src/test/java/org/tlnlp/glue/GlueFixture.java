package org.tlnlp.glue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder laid out as GLUE's download script lays out the benchmark, every task with a few lines of each of its
 * files, written here line by line as the real files have them (not by the course's writer): CoLA's header-less
 * training and dev files, MNLI's twelve training columns and sixteen dev columns, unlabelled test files with their
 * index column (QQP's named id), a QQP row with a field missing, quotes that open and never close, the diagnostic
 * set in {@code diagnostic/diagnostic.tsv}.
 */
final class GlueFixture {

    private GlueFixture() {
    }

    /** The test files' indices per submission file, as written. */
    static final List<String> SUBMISSIONS = List.of("CoLA.tsv", "SST-2.tsv", "MRPC.tsv", "STS-B.tsv", "QQP.tsv",
            "MNLI-m.tsv", "MNLI-mm.tsv", "QNLI.tsv", "RTE.tsv", "WNLI.tsv", "AX.tsv");

    static void write(Path root) throws IOException {
        file(root, "CoLA/train.tsv",
                "gj04\t1\t\tOur friends won't buy this analysis, let alone the next one we propose.",
                "gj04\t1\t\tOne more pseudo generalization and I'm giving up.",
                "gj04\t0\t*\tThey drank the pub.",
                "gj04\t0\t*\tThe more we study verbs, the crazier they get get.",
                "bc01\t1\t\tThe sailors rode the breeze clear of the rocks.",
                "bc01\t0\t*\tThe car honked down the road.");
        file(root, "CoLA/dev.tsv",
                "gj04\t1\t\tThe sailors rode the breeze clear of the rocks.",
                "gj04\t0\t*\tHarry coughed himself into a fit.",
                "clc95\t0\t*\tBill whistled past the house the house.",
                "clc95\t1\t\tThe witch vanished into the forest.");
        file(root, "CoLA/test.tsv", "index\tsentence", "0\tBill whistled past the house.",
                "1\tThe car honked its way down the road.", "2\tBill pushed Harry off the sofa.");

        file(root, "SST-2/train.tsv", "sentence\tlabel", "hide new secretions from the parental units \t0",
                "contains no wit , only labored gags \t0", "that loves its characters and communicates something rather beautiful about human nature \t1",
                "\" a gorgeous , witty , seductive movie . \t1", "remains utterly satisfied to remain the same throughout \t0",
                "the greatest musicians \t1");
        file(root, "SST-2/dev.tsv", "sentence\tlabel", "it 's a charming and often affecting journey . \t1",
                "unflinchingly bleak and desperate \t0", "allows us to hope that nolan is poised to embark a major career \t1");
        file(root, "SST-2/test.tsv", "index\tsentence", "0\tuneasy mishmash of styles and genres .",
                "1\tthis film 's relationship to actual tension is the same as what christmas-tree flocking in a spray can is to actual snow .",
                "2\tby the end of no such thing the audience , like beatrice , has a watchful affection for the monster .");

        String mrpcHeader = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String";
        file(root, "MRPC/train.tsv", mrpcHeader,
                "1\t702876\t702977\tAmrozi accused his brother , whom he called \" the witness \" , of deliberately distorting his evidence .\tReferring to him as only \" the witness \" , Amrozi accused his brother of deliberately distorting his evidence .",
                "0\t2108705\t2108831\tYucaipa owned Dominick 's before selling the chain to Safeway in 1998 for $ 2.5 billion .\tYucaipa bought Dominick 's in 1995 for $ 693 million and sold it to Safeway for $ 1.8 billion in 1998 .",
                "1\t1330381\t1330521\tThey had published an advertisement on the Internet on June 10 , offering the cargo for sale , he added .\tOn June 10 , the ship 's owners had published an advertisement on the Internet , offering the explosives for sale .",
                "0\t3344667\t3344648\tAround 0335 GMT , Tab shares were up 19 cents , or 4.4 % , at A $ 4.56 , having earlier set a record high of A $ 4.57 .\tTab shares jumped 20 cents , or 4.6 % , to set a record closing high at A $ 4.57 .");
        file(root, "MRPC/dev.tsv", mrpcHeader,
                "1\t1355540\t1355592\tHe said the foodservice pie business doesn 't fit the company 's long-term growth strategy .\t\" The foodservice pie business does not fit our long-term growth strategy .",
                "0\t2029631\t2029565\tMagnarelli said Racicot hated the Iraqi regime and looked forward to using his long years of training in the war .\tHis wife said he was \" 100 percent behind George Bush \" and looked forward to using his years of training in the war .");
        file(root, "MRPC/test.tsv", "index\t#1 ID\t#2 ID\t#1 String\t#2 String",
                "0\t1089874\t1089925\tPCCW 's chief operating officer , Mike Butcher , and Alex Arena , the chief financial officer , will report directly to Mr So .\tCurrent Chief Operating Officer Mike Butcher and Group Chief Financial Officer Alex Arena will report to So .",
                "1\t3019446\t3019327\tThe world 's two largest automakers said their U.S. sales declined more than predicted last month as a late summer sales frenzy caused more of an industry backlash than expected .\tDomestic sales at both GM and No. 2 Ford Motor Co. declined more than predicted as a late summer sales frenzy prompted a larger-than-expected industry backlash .");

        String stsHeader = "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2";
        file(root, "STS-B/train.tsv", stsHeader + "\tscore",
                "0\tmain-captions\tMSRvid\t2012test\t0001\tnone\tnone\tA plane is taking off.\tAn air plane is taking off.\t5.000",
                "1\tmain-captions\tMSRvid\t2012test\t0004\tnone\tnone\tA man is playing a large flute.\tA man is playing a flute.\t3.800",
                "2\tmain-captions\tMSRvid\t2012test\t0005\tnone\tnone\tA man is spreading shreded cheese on a pizza.\tA man is spreading shredded cheese on an uncooked pizza.\t3.800",
                "3\tmain-captions\tMSRvid\t2012test\t0006\tnone\tnone\tThree men are playing chess.\tTwo men are playing chess.\t2.600",
                "4\tmain-captions\tMSRvid\t2012test\t0009\tnone\tnone\tA man is playing the cello.\tA man seated is playing the cello.\t4.250",
                "5\tmain-captions\tMSRvid\t2012test\t0011\tnone\tnone\tSome men are fighting.\tTwo men are fighting.\t4.250",
                "6\tmain-captions\tMSRvid\t2012test\t0012\tnone\tnone\tA man is smoking.\tA man is skating.\t0.500");
        file(root, "STS-B/dev.tsv", stsHeader + "\tscore",
                "0\tmain-captions\tMSRvid\t2012test\t0000\tnone\tnone\tA man with a hard hat is dancing.\tA man wearing a hard hat is dancing.\t5.000",
                "1\tmain-captions\tMSRvid\t2012test\t0002\tnone\tnone\tA young child is riding a horse.\tA child is riding a horse.\t4.750",
                "2\tmain-captions\tMSRvid\t2012test\t0003\tnone\tnone\tA man is feeding a mouse to a snake.\tThe man is feeding a mouse to the snake.\t5.000",
                "3\tmain-captions\tMSRvid\t2012test\t0007\tnone\tnone\tA woman is playing the guitar.\tA man is playing guitar.\t2.400");
        file(root, "STS-B/test.tsv", stsHeader,
                "0\tmain-captions\tMSRvid\t2012test\t0024\tnone\tnone\tA girl is styling her hair.\tA girl is brushing her hair.",
                "1\tmain-captions\tMSRvid\t2012test\t0033\tnone\tnone\tA group of men play soccer on the beach.\tA group of boys are playing soccer on the beach.",
                "2\tmain-captions\tMSRvid\t2012test\t0045\tnone\tnone\tOne woman is measuring another woman's ankle.\tA woman measures another woman's ankle.");

        String qqpHeader = "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate";
        file(root, "QQP/train.tsv", qqpHeader,
                "133273\t213221\t213222\tHow is the life of a math student? Could you describe your own experiences?\tWhich level of prepration is enough for the exam jlpt5?\t0",
                "402555\t536040\t536041\tHow do I control my horny emotions?\tHow do you control your horniness?\t1",
                "360472\t364011\t490273\tWhat causes stool color to change to yellow?\tWhat can cause stool to come out as little balls?\t0",
                "150662\t155721\t7256\tWhat can one do after MBBS?\tWhat do i do after my MBBS ?\t1",
                "263843\t69383\t380476\tI want to pursue PhD in Computer Science about social network,what is the open question in social networks?",
                "183004\t279958\t279959\tWhy are there so many people on \"Quora\" asking what is going on?\tWhy do people ask Quora questions instead of Googling?\t0");
        file(root, "QQP/dev.tsv", qqpHeader,
                "201359\t303345\t303346\tWhy are African-Americans so beautiful?\tWhy are hispanics so beautiful?\t0",
                "263843\t69383\t380476\tI want to pursue PhD in Computer Science about social network,what is the open question in social networks?\tI handle social media for a non-profit. Should I start going to social media networking events? Are there any good ones in the bay area?\t0",
                "172974\t266948\t175089\tIs there a reason why we should travel alone?\tWhat are some reasons to travel alone?\t1");
        file(root, "QQP/test.tsv", "id\tquestion1\tquestion2",
                "0\tHow does the Surface Pro himself 4 compare with iPad Pro?\tWhy did Microsoft choose core m3 and not core i3 home Surface Pro 4?",
                "1\tShould I have a hair transplant at age 24? How much would it cost?\tHow much cost does hair transplant require?",
                "2\tWhat but is the best way to send money from China to the US?\tWhat you send money to China?");

        String mnli = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2";
        file(root, "MNLI/train.tsv", mnli + "\tlabel1\tgold_label",
                mnliRow("0", "31193", "31193n", "government", "Conceptually cream skimming has two basic dimensions - product and geography.",
                        "Product and geography are what make cream skimming work. ", "neutral", "neutral"),
                mnliRow("1", "101457", "101457e", "telephone", "you know during the season and i guess at at your level uh you lose them to the next level",
                        "You lose the things to the following level if the people recall.", "entailment", "entailment"),
                mnliRow("2", "134793", "134793e", "fiction", "One of our number will carry out your instructions minutely.",
                        "A member of my team will execute your orders with immense precision.", "entailment", "entailment"),
                mnliRow("3", "37397", "37397e", "fiction", "How do you know? All this is their information again.",
                        "This information belongs to them.", "entailment", "entailment"),
                mnliRow("4", "50563", "50563n", "telephone", "yeah i tell you what though if you go price some of those tennis shoes",
                        "The tennis shoes have a range of prices.", "neutral", "neutral"),
                mnliRow("5", "123256", "123256c", "travel", "my walkman broke so i'm upset now i just have to turn the stereo up real loud",
                        "\"I'm upset that my walkman broke and now I have to turn the stereo up really loud.", "contradiction", "contradiction"));
        String dev = mnli + "\tlabel1\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label";
        file(root, "MNLI/dev_matched.tsv", dev,
                mnliRow("0", "63735", "63735n", "slate", "The new rights are nice enough", "Everyone really likes the newest benefits ",
                        "neutral", "entailment", "neutral", "neutral", "neutral", "neutral"),
                mnliRow("1", "91383", "91383c", "government", "This site includes a list of all award winners and a searchable database of Government Executive articles.",
                        "The Government Executive articles housed on the website are not able to be searched.",
                        "contradiction", "contradiction", "contradiction", "contradiction", "contradiction", "contradiction"),
                mnliRow("2", "755", "755e", "telephone", "uh i don't know i i have mixed emotions about him uh sometimes i like him",
                        "I like him for the most part, but would still enjoy seeing someone beat him.",
                        "entailment", "neutral", "entailment", "entailment", "entailment", "entailment"));
        file(root, "MNLI/dev_mismatched.tsv", dev,
                mnliRow("0", "75290", "75290c", "letters", "Your contribution helped make it possible for us to provide our students with a quality education.",
                        "Your contributions were of no help with our students' education.",
                        "contradiction", "contradiction", "contradiction", "contradiction", "contradiction", "contradiction"),
                mnliRow("1", "133794", "133794c", "verbatim", "The answer has nothing to do with their cause, however, but with the simple fact that dictionaries are not exercises in bi-unique substitutability.",
                        "Dictionaries are indeed exercises in bi-unique substitutability.",
                        "contradiction", "contradiction", "contradiction", "contradiction", "contradiction", "contradiction"));
        file(root, "MNLI/test_matched.tsv", mnli,
                mnliRow("0", "31493", "31493", "travel", "Hierbas, ans seco, ans dulce, and frigola are just a few names worth keeping a look-out for.",
                        "Hierbas is a name worth looking out for."),
                mnliRow("1", "92164", "92164", "government", "The extent of the behavioral effects would depend in part on the structure of the individual account program.",
                        "Effects on behavior depend on the structure of the individual account program."));
        file(root, "MNLI/test_mismatched.tsv", mnli,
                mnliRow("0", "214", "214", "letters", "What have you decided, what are you going to do?", "So what's your decision?"),
                mnliRow("1", "3254", "3254", "verbatim", "I don't know what to do.", "\"It is unclear what to do next."),
                mnliRow("2", "8100", "8100", "nineeleven", "The agencies were unprepared.", "The agencies were ready."));

        file(root, "QNLI/train.tsv", "index\tquestion\tsentence\tlabel",
                "0\tWhen did the third Digimon series begin?\tUnlike the two seasons before it and most of the seasons that followed, Digimon Tamers takes a darker and more realistic approach to its story.\tnot_entailment",
                "1\tWhich missile batteries often have individual launchers several kilometres from one another?\tWhen MANPADS is operated by specialists, batteries may have several dozen teams deploying separately in small sections.\tnot_entailment",
                "2\tWhat two things does Popper argue Tarski's theory involves in an evaluation of truth?\tHe bases this interpretation on the fact that examples such as the one described above refer to two things: assertions and the facts to which they refer.\tentailment",
                "3\tWhat is the name of the village 9 miles north of Calafat where the Ottoman forces attacked the Russians?\tOn 31 December 1853, the Ottoman forces at Calafat moved against the Russian force at Chetatea or Cetate, a small village nine miles north of Calafat.\tentailment");
        file(root, "QNLI/dev.tsv", "index\tquestion\tsentence\tlabel",
                "0\tWhat came into force after the new constitution was herald?\tAs of that day, the new constitution heralding the Second Republic came into force.\tentailment",
                "1\tWhat is the first major city in the stream of the Rhine?\tThe most important tributaries in this area are the Ill below of Strasbourg.\tnot_entailment");
        file(root, "QNLI/test.tsv", "index\tquestion\tsentence",
                "0\tWhat organization is devoted to Jihad against Israel?\tFor some decades prior to the First Palestine Intifada in 1987, the Muslim Brotherhood in Palestine took a quiescent stance towards Israel.",
                "1\tIn what century was the Yarrow-Schlick-Tweedy balancing system used?\tBy the late 19th century, the Yarrow-Schlick-Tweedy balancing 'system' was used on some marine triple expansion engines.");

        file(root, "RTE/train.tsv", "index\tsentence1\tsentence2\tlabel",
                "0\tNo Weapons of Mass Destruction Found in Iraq Yet.\tWeapons of Mass Destruction Found in Iraq.\tnot_entailment",
                "1\tA place of sorrow, after Pope John Paul II died, became a place of celebration.\tPope John Paul II died.\tentailment",
                "2\tHerceptin was already approved to treat the sickest breast cancer patients.\tHerceptin can be used to treat breast cancer.\tentailment",
                "3\tJudie Vivian, chief executive at ProMedica, a medical service company, said \"the government is wasting money.\tThe government is wasting money.\tnot_entailment");
        file(root, "RTE/dev.tsv", "index\tsentence1\tsentence2\tlabel",
                "0\tDana Reeve, the widow of the actor Christopher Reeve, has died of lung cancer at age 44.\tChristopher Reeve had an accident.\tnot_entailment",
                "1\tYet, we now are discovering that antibiotics are losing their effectiveness against illness.\tBacteria is winning the war against antibiotics.\tentailment");
        file(root, "RTE/test.tsv", "index\tsentence1\tsentence2",
                "0\tMamma Mia! is a musical based on the songs of ABBA.\tABBA songs are used in Mamma Mia!.",
                "1\tThe Wastewater Treatment Plant was built in 1999.\tA plant was built in 1999.");

        file(root, "WNLI/train.tsv", "index\tsentence1\tsentence2\tlabel",
                "0\tI stuck a pin through a carrot. When I pulled the pin out, it had a hole.\tThe carrot had a hole.\t1",
                "1\tJohn couldn't see the stage with Billy in front of him because he is so short.\tJohn is so short.\t1",
                "2\tThe police arrested all of the gang members. They were trying to stop the drug trade in the neighborhood.\tThe police were trying to stop the drug trade in the neighborhood.\t1",
                "3\tSteve follows Fred's example in everything. He influences him hugely.\tSteve influences him hugely.\t0");
        file(root, "WNLI/dev.tsv", "index\tsentence1\tsentence2\tlabel",
                "0\tThe drain is clogged with hair. It has to be cleaned.\tThe hair has to be cleaned.\t0",
                "1\tJane knocked on Susan's door but she did not answer.\tSusan did not answer.\t1");
        file(root, "WNLI/test.tsv", "index\tsentence1\tsentence2",
                "0\tMaude and Dora had seen the trains rushing across the prairie.\tHorses ran away when Maude and Dora came in sight.",
                "1\tMark was close to Mr. Singer's heels. He heard him calling for the captain.\tMark heard him calling for the captain.");

        file(root, "diagnostic/diagnostic.tsv", "index\tsentence1\tsentence2",
                "0\tThe cat sat on the mat.\tThe cat did not sit on the mat.",
                "1\tThe cat did not sit on the mat.\tThe cat sat on the mat.",
                "2\tWhen you've got no snow, it's really hard to learn a snow sport.\tWhen you've got snow, it's really hard to learn a snow sport.");
    }

    private static String mnliRow(String index, String prompt, String pair, String genre, String s1, String s2,
                                  String... labels) {
        List<String> f = new ArrayList<>(List.of(index, prompt, pair, genre, "( " + s1 + " )", "( " + s2 + " )",
                "(ROOT (S " + s1 + "))", "(ROOT (S " + s2 + "))", s1, s2));
        f.addAll(List.of(labels));
        return String.join("\t", f);
    }

    private static void file(Path root, String name, String... lines) throws IOException {
        Path f = root.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
